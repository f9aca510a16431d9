// limit_conn_zone, limit_conn and their settings, as nginx reads them.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse::LogLevel;
using confparse_test::in_http;
using confparse_test::TempPrefix;

TEST_CASE("limit_conn: zones, limits per level, settings and their defaults") {
    TempPrefix t;
    auto l = t.load(in_http("limit_conn_zone $binary_remote_addr zone=addr:10m;\n"
                            "limit_conn_zone $server_name zone=server:1m;\n"
                            "limit_conn addr 2;\n"
                            "server { listen 8080;\n"
                            "  location /a { limit_conn server 100; limit_conn addr 1; limit_conn_status 429;\n"
                            "                limit_conn_log_level warn; limit_conn_dry_run on; }\n"
                            "  location /b { }\n"
                            "}\n"));
    const auto& http = *l.config.http;
    REQUIRE(http.limit_conn_zones.size() == 2);
    CHECK(http.limit_conn_zones[0].name == "addr");
    CHECK(http.limit_conn_zones[0].key == "$binary_remote_addr");
    CHECK(http.limit_conn_zones[0].size == 10 * 1024 * 1024);
    const auto& a = http.servers.at(0).locations.at(0).scope;
    REQUIRE(a.limit_conn->size() == 2);  // its own: none of the http level's
    CHECK(a.limit_conn->at(0).zone == "server");
    CHECK(a.limit_conn->at(0).connections == 100);
    CHECK(*a.limit_conn_status == 429);
    CHECK(*a.limit_conn_log_level == LogLevel::Warn);
    CHECK(*a.limit_conn_dry_run);
    const auto& b = http.servers.at(0).locations.at(1).scope;
    REQUIRE(b.limit_conn->size() == 1);
    CHECK(b.limit_conn->at(0).connections == 2);
    CHECK(*b.limit_conn_status == 503);
    CHECK(*b.limit_conn_log_level == LogLevel::Error);
    CHECK_FALSE(*b.limit_conn_dry_run);
}

TEST_CASE("limit_conn: the errors of nginx -t") {
    TempPrefix t;
    const std::string zone = "limit_conn_zone $binary_remote_addr zone=one:10m;\n";
    CHECK(t.error(in_http(zone + "limit_req_zone $binary_remote_addr zone=one:10m rate=1r/s;\n")) ==
          "the shared memory zone \"one\" is already declared for a different use in {P}conf/nginx.conf:4");
    CHECK(t.error(in_http("limit_req_zone $binary_remote_addr zone=one:10m rate=1r/s;\n" + zone)) ==
          "the shared memory zone \"one\" is already declared for a different use in {P}conf/nginx.conf:4");
    CHECK(t.error(in_http(zone + "limit_conn_zone $uri zone=one:10m;\n")) ==
          "limit_conn_zone \"one\" is already bound to key \"$binary_remote_addr\" in {P}conf/nginx.conf:4");
    CHECK(t.error(in_http("server { listen 8080; limit_conn two 1; }\n")) == "zero size shared memory zone \"two\"");
    CHECK(t.error(in_http(zone + "limit_conn one 0;\n")) ==
          "invalid number of connections \"0\" in {P}conf/nginx.conf:4");
    CHECK(t.error(in_http(zone + "limit_conn one a;\n")) ==
          "invalid number of connections \"a\" in {P}conf/nginx.conf:4");
    CHECK(t.error(in_http(zone + "limit_conn one 65536;\n")) ==
          "connection limit must be less 65536 in {P}conf/nginx.conf:4");
    CHECK(t.error(in_http(zone + "limit_conn one 1;\nlimit_conn one 2;\n")) ==
          "\"limit_conn\" directive is duplicate in {P}conf/nginx.conf:5");
    CHECK(t.error(in_http("limit_conn_zone $binary_remote_addr zone=one:1k;\n")) ==
          "zone \"zone=one:1k\" is too small in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("limit_conn_zone $binary_remote_addr zone=one;\n")) ==
          "invalid zone size \"zone=one\" in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("limit_conn_zone $binary_remote_addr;\n")) ==
          "invalid number of arguments in \"limit_conn_zone\" directive in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("limit_conn_status 399;\n")) == "value must be between 400 and 599 in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("limit_conn_log_level debug;\n")) == "invalid value \"debug\" in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http(zone + "server { listen 8080; location / { if ($uri) { limit_conn one 1; } } }\n")) ==
          "\"limit_conn\" directive is not allowed here in {P}conf/nginx.conf:4");
}
