// limit_except: a nameless location inside a location, with the methods it leaves alone.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse::Location;
using confparse_test::in_server;
using confparse_test::TempPrefix;

TEST_CASE("limit_except: its methods in upper case, HEAD with GET, settings merged from the location") {
    TempPrefix t;
    auto l =
        t.load(in_server("location /x { proxy_pass http://127.0.0.1:1; access_log off;\n"
                         "limit_except get post { deny all; } }\n"));
    const Location& outer = l.config.http->servers.at(0).locations.at(0);
    REQUIRE(outer.locations.size() == 1);
    const Location& inner = outer.locations[0];
    CHECK(inner.match == Location::Match::LimitExcept);
    CHECK(inner.pattern == "/x");
    CHECK(inner.allowed_methods == std::vector<std::string>{"GET", "POST", "HEAD"});
    CHECK(inner.scope.access->size() == 1);
    CHECK(outer.scope.access->empty());
    CHECK(inner.scope.access_log->size() == outer.scope.access_log->size());
    CHECK(inner.proxy_pass.url == outer.proxy_pass.url);  // as nginx's proxy module
}

TEST_CASE("limit_except: errors as nginx -t") {
    TempPrefix t;
    CHECK(t.error(in_server("location / { limit_except FOO { } }\n")) ==
          "invalid method \"FOO\" in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("location / { limit_except GET { } limit_except POST { } }\n")) ==
          "\"limit_except\" directive is duplicate in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("limit_except GET { }\n")) ==
          "\"limit_except\" directive is not allowed here in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("location / { limit_except GET { return 200; } }\n")) ==
          "\"return\" directive is not allowed here in {P}conf/nginx.conf:5");
}
