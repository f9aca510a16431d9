// The gzip module's directives: nginx's defaults, merge down the levels, and nginx's -t messages.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse_test::TempPrefix;

namespace {

std::string in_http(const std::string& body) {
    return "events {}\nhttp {\n" + body + "server {\nlisten 80;\nlocation / { }\n}\n}\n";
}

}  // namespace

TEST_CASE("gzip defaults are nginx's", "[gzip]") {
    TempPrefix t;
    auto l = t.load(in_http(""));
    const auto& s = l.config.http->servers.at(0).locations.at(0).scope;
    CHECK_FALSE(*s.gzip);
    CHECK(*s.gzip_types == std::vector<std::string>{"text/html"});
    CHECK(*s.gzip_min_length == 20);
    CHECK(*s.gzip_comp_level == 1);
    CHECK(s.gzip_buffers->count == 32);
    CHECK(s.gzip_buffers->size == 4096);
    CHECK(*s.gzip_window == 15);
    CHECK(*s.gzip_hash == 8);
    CHECK(*s.gzip_http_version == 11);
    CHECK(*s.gzip_proxied == confparse::kGzipProxiedOff);
    CHECK_FALSE(*s.gzip_vary);
    CHECK(s.gzip_disable->empty());
    CHECK_FALSE(*s.gzip_disable_msie6);
    CHECK(*s.gzip_static == confparse::GzipStatic::Off);
}

TEST_CASE("gzip_static: off, on or always, inherited", "[gzip]") {
    TempPrefix t;
    auto l = t.load("events {}\nhttp {\ngzip_static always;\nserver {\nlisten 80;\nlocation / { }\n"
                    "location /on { gzip_static on; }\n}\n}\n");
    const auto& server = l.config.http->servers.at(0);
    CHECK(*server.locations.at(0).scope.gzip_static == confparse::GzipStatic::Always);
    CHECK(*server.locations.at(1).scope.gzip_static == confparse::GzipStatic::On);
    CHECK(t.error(in_http("gzip_static yes;\n")) == "invalid value \"yes\" in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("gzip_static on;\ngzip_static off;\n")) ==
          "\"gzip_static\" directive is duplicate in {P}conf/nginx.conf:4");
}

TEST_CASE("gzip settings merge down; gzip_types keeps text/html and adds up", "[gzip]") {
    TempPrefix t;
    auto l = t.load("events {}\nhttp {\ngzip on;\ngzip_types Text/Plain;\ngzip_types application/json text/plain;\n"
                    "gzip_comp_level 6;\ngzip_proxied expired no-cache;\ngzip_disable msie6;\n"
                    "gzip_window 4k;\ngzip_hash 1k;\ngzip_http_version 1.0;\n"
                    "server {\nlisten 80;\nlocation / { gzip_vary on; gzip_min_length 1k; gzip_disable \"^curl\"; }\n"
                    "location /off { gzip off; gzip_types *; gzip_types text/css; gzip_buffers 4 8k; }\n}\n}\n");
    const auto& server = l.config.http->servers.at(0);
    const auto& on = server.locations.at(0).scope;
    CHECK(*on.gzip);
    CHECK(*on.gzip_types == std::vector<std::string>{"text/html", "text/plain", "application/json"});
    CHECK(*on.gzip_comp_level == 6);
    CHECK(*on.gzip_proxied == (confparse::kGzipProxiedExpired | confparse::kGzipProxiedNoCache));
    CHECK(*on.gzip_vary);
    CHECK(*on.gzip_min_length == 1024);
    CHECK(*on.gzip_window == 12);
    CHECK(*on.gzip_hash == 2);
    CHECK(*on.gzip_http_version == 10);
    // as nginx: the regexes are the level's own, msie6 comes from above
    REQUIRE(on.gzip_disable->size() == 1);
    CHECK(on.gzip_disable->front().pattern == "^curl");
    CHECK(*on.gzip_disable_msie6);
    const auto& off = server.locations.at(1).scope;
    CHECK_FALSE(*off.gzip);
    CHECK(*off.gzip_types == std::vector<std::string>{"*"});  // "*" ends the list
    CHECK(off.gzip_buffers->count == 4);
    CHECK(off.gzip_buffers->size == 8192);
    CHECK(off.gzip_disable->empty());
}

TEST_CASE("gzip directives refuse bad values with nginx's messages", "[gzip]") {
    TempPrefix t;
    CHECK(t.error(in_http("gzip_comp_level 0;\n")) == "value must be between 1 and 9 in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("gzip_comp_level x;\n")) == "\"gzip_comp_level\" directive invalid number in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("gzip_buffers 0 4k;\n")) == "\"gzip_buffers\" directive invalid value in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("gzip_buffers 4 4k;\ngzip_buffers 4 4k;\n")) ==
          "\"gzip_buffers\" directive is duplicate in {P}conf/nginx.conf:4");
    CHECK(t.error(in_http("gzip_window x;\n")) == "\"gzip_window\" directive invalid value in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("gzip_window 3k;\n")) ==
          "\"gzip_window\" directive must be 512, 1k, 2k, 4k, 8k, 16k, or 32k in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("gzip_hash 3k;\n")) ==
          "\"gzip_hash\" directive must be 512, 1k, 2k, 4k, 8k, 16k, 32k, 64k, or 128k in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("gzip_http_version 2.0;\n")) == "invalid value \"2.0\" in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("gzip_proxied foo;\n")) == "invalid value \"foo\" in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("gzip_proxied;\n")) ==
          "invalid number of arguments in \"gzip_proxied\" directive in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("gzip_min_length x;\n")) == "\"gzip_min_length\" directive invalid value in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("gzip on;\ngzip on;\n")) == "\"gzip\" directive is duplicate in {P}conf/nginx.conf:4");
    CHECK(t.error(in_http("gzip_vary x;\n")) ==
          "invalid value \"x\" in \"gzip_vary\" directive, it must be \"on\" or \"off\" in {P}conf/nginx.conf:3");
}
