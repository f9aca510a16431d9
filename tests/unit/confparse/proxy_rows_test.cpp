// proxy module directives read as nginx reads them: proxy_ignore_headers' names, and the tuning
// directives nproxy accepts without using (header hash sizes, proxy_send_lowat, read_ahead).
#include <catch2/catch.hpp>

#include <string>

#include "temp_config.hpp"

using confparse_test::TempPrefix;

namespace {

std::string in_location(const std::string& body) {
    return "events {}\nhttp {\nserver {\nlisten 80;\nlocation / {\n" + body + "}\n}\n}\n";
}

}  // namespace

TEST_CASE("proxy_ignore_headers takes nginx's names in any case, and merges down", "[proxy]") {
    TempPrefix t;
    auto l = t.load(
        "events {}\nhttp {\nproxy_ignore_headers x-accel-redirect Vary;\nserver {\nlisten 80;\n"
        "location / {}\nlocation /own { proxy_ignore_headers X-Accel-Limit-Rate X-Accel-Charset; }\n}\n}\n");
    const auto& locations = l.config.http->servers.at(0).locations;
    CHECK(*locations.at(0).scope.proxy_ignore_headers == (confparse::kIgnoreXAccelRedirect | confparse::kIgnoreVary));
    CHECK(*locations.at(1).scope.proxy_ignore_headers ==
          (confparse::kIgnoreXAccelLimitRate | confparse::kIgnoreXAccelCharset));
    CHECK(t.error(in_location("proxy_ignore_headers X-Foo;\n")) == "invalid value \"X-Foo\" in {P}conf/nginx.conf:6");
}

TEST_CASE("header hash sizes, proxy_send_lowat and read_ahead are read and checked as nginx", "[proxy]") {
    TempPrefix t;
    auto l =
        t.load(in_location("proxy_headers_hash_max_size 1024;\nproxy_headers_hash_bucket_size 128;\n"
                           "proxy_send_lowat 0;\nread_ahead 4k;\n"));
    const auto& scope = l.config.http->servers.at(0).locations.at(0).scope;
    CHECK(*scope.proxy_headers_hash_max_size == 1024);
    CHECK(*scope.read_ahead == 4096);
    // as nginx on Linux: ignored with a warning, whatever the size
    REQUIRE(l.config.warnings.size() == 1);
    CHECK(l.config.warnings[0].text() ==
          "\"proxy_send_lowat\" is not supported, ignored in " + t.prefix() + "conf/nginx.conf:8");
    CHECK(t.error(in_location("proxy_headers_hash_max_size 1k;\n")) ==
          "\"proxy_headers_hash_max_size\" directive invalid number in {P}conf/nginx.conf:6");
    CHECK(t.error(in_location("read_ahead 4x;\n")) == "\"read_ahead\" directive invalid value in {P}conf/nginx.conf:6");
}
