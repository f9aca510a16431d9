// limit_req_zone and limit_req as the schema reads them, with nginx's messages.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse_test::in_http;
using confparse_test::TempPrefix;

TEST_CASE("limit_req_zone and limit_req keep nginx's units", "[limit_req]") {
    TempPrefix t;
    auto loaded = t.load(in_http("limit_req_zone $binary_remote_addr zone=one:1m rate=30r/m;\n"
                                 "limit_req_zone $uri zone=two:64k rate=5r/s;\n"
                                 "limit_req zone=one burst=5;\n"
                                 "limit_req_log_level notice;\n"
                                 "server { listen 8080; location / { limit_req zone=two nodelay; } location /d { } }\n"));
    const auto& http = *loaded.config.http;
    REQUIRE(http.limit_req_zones.size() == 2);
    CHECK(http.limit_req_zones[0].name == "one");
    CHECK(http.limit_req_zones[0].rate == 500);  // milli-requests per second
    CHECK(http.limit_req_zones[0].size == 1024 * 1024);
    CHECK(http.limit_req_zones[1].rate == 5000);
    const auto& own = http.servers[0].locations[0].scope;
    REQUIRE(own.limit_req->size() == 1);  // a level with limits of its own inherits none
    CHECK((*own.limit_req)[0].zone == "two");
    CHECK((*own.limit_req)[0].delay > 1000000000);
    const auto& inherited = http.servers[0].locations[1].scope;
    REQUIRE(inherited.limit_req->size() == 1);
    CHECK((*inherited.limit_req)[0].burst == 5000);
    CHECK(*inherited.limit_req_log_level == confparse::LogLevel::Notice);
    CHECK(*inherited.limit_req_status == 503);
    CHECK_FALSE(*inherited.limit_req_dry_run);
}

TEST_CASE("limit_req refuses what nginx refuses, with its messages", "[limit_req]") {
    TempPrefix t;
    const std::pair<std::string, std::string> cases[] = {
        {"limit_req_zone $uri zone=one rate=1r/s;", "invalid zone size \"zone=one\""},
        {"limit_req_zone $uri zone=one:1k rate=1r/s;", "zone \"zone=one:1k\" is too small"},
        {"limit_req_zone $uri zone=one:1m rate=xr/s;", "invalid rate \"rate=xr/s\""},
        {"limit_req_zone $uri zone=one:1m rate=0r/m;", "invalid rate \"rate=0r/m\""},
        {"limit_req_zone $uri rate=1 burst=1;", "invalid parameter \"burst=1\""},
        {"limit_req_zone $uri rate=1 rate=2;", "\"limit_req_zone\" must have \"zone\" parameter"},
        {"limit_req_zone $uri zone=a:1m rate=1;limit_req_zone $uri zone=a:1m rate=1;",
         "limit_req_zone \"a\" is already bound to key \"$uri\""},
        {"limit_req zone=a burst=0;", "invalid burst value \"burst=0\""},
        {"limit_req zone=a delay=x;", "invalid delay value \"delay=x\""},
        {"limit_req nodelay;", "\"limit_req\" must have \"zone\" parameter"},
        {"limit_req zone=a; limit_req zone=a;", "\"limit_req\" directive is duplicate"},
        {"limit_req_status 600;", "value must be between 400 and 599"},
        {"limit_req_log_level debug;", "invalid value \"debug\""},
        {"limit_req zone=a nodelay burst=5 x;", "invalid number of arguments in \"limit_req\" directive"},
    };
    for (const auto& [conf, message] : cases) CHECK(t.error(in_http(conf + "\n")) == message + " in {P}conf/nginx.conf:3");
    // as nginx: a zone no limit_req_zone declares is found when the configuration is whole, without a place
    CHECK(t.error(in_http("limit_req zone=nope;\n")) == "zero size shared memory zone \"nope\"");
}
