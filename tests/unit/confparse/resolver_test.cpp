// resolver and resolver_timeout: what they read, their errors in nginx's words, and how they inherit.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse_test::TempPrefix;

namespace {

std::string http_with(const std::string& text) { return "events {}\nhttp {\n" + text + "\n}\n"; }

}  // namespace

TEST_CASE("resolver: servers with their ports, valid= and ipv6=", "[resolver]") {
    TempPrefix t;
    auto loaded = t.load(http_with("resolver 127.0.0.1:5353 [::1] valid=30s ipv6=off;\nresolver_timeout 5s;\n"
                                   "server { listen 127.0.0.1:8080; location / { } location /own { resolver 127.0.0.2; } }"));
    const auto& loc = loaded.config.http->servers[0].locations[0];
    CHECK(loc.scope.resolver->servers == std::vector<std::string>{"127.0.0.1:5353", "[::1]:53"});
    CHECK(loc.scope.resolver->valid == 30);
    CHECK_FALSE(loc.scope.resolver->ipv6);
    CHECK(*loc.scope.resolver_timeout == 5000);
    const auto& own = loaded.config.http->servers[0].locations[1];
    CHECK(own.scope.resolver->servers == std::vector<std::string>{"127.0.0.2:53"});
    CHECK(own.scope.resolver->ipv6);
}

TEST_CASE("resolver: none written is nginx's resolver without servers, resolver_timeout 30s", "[resolver]") {
    TempPrefix t;
    auto loaded = t.load(http_with("server { listen 127.0.0.1:8080; location / { } }"));
    const auto& loc = loaded.config.http->servers[0].locations[0];
    CHECK(loc.scope.resolver->servers.empty());
    CHECK(*loc.scope.resolver_timeout == 30000);
}

TEST_CASE("resolver: bad arguments as nginx -t words them", "[resolver]") {
    TempPrefix t;
    const std::string at = " in {P}conf/nginx.conf:3";
    CHECK(t.error(http_with("resolver 127.0.0.1:x;")) == "invalid port in resolver \"127.0.0.1:x\"" + at);
    CHECK(t.error(http_with("resolver valid=3q 127.0.0.1;")) == "invalid parameter: valid=3q" + at);
    CHECK(t.error(http_with("resolver ipv6=maybe 127.0.0.1;")) == "invalid parameter: ipv6=maybe" + at);
    CHECK(t.error(http_with("resolver valid=3s;")) == "no name servers defined" + at);
    CHECK(t.error(http_with("resolver no.such.host.invalid;")) == "host not found in resolver \"no.such.host.invalid\"" + at);
    CHECK(t.error(http_with("resolver 127.0.0.1; resolver 127.0.0.2;")) == "\"resolver\" directive is duplicate" + at);
    CHECK(t.error(http_with("resolver_timeout 3x;")) == "\"resolver_timeout\" directive invalid value" + at);
}
