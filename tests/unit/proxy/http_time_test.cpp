#include <catch2/catch.hpp>

#include "proxy/http_time.hpp"

using proxy::parse_http_time;

TEST_CASE("parse_http_time reads the three date forms as nginx's ngx_parse_http_time") {
    CHECK(parse_http_time("Tue, 14 Nov 2023 22:13:20 GMT") == 1700000000);
    CHECK(parse_http_time("Tuesday, 14-Nov-23 22:13:20 GMT") == 1700000000);
    CHECK(parse_http_time("Tue Nov 14 22:13:20 2023") == 1700000000);
    CHECK(parse_http_time("Thu, 01 Jan 1970 00:00:00 GMT") == 0);
    CHECK(parse_http_time("Mon, 28 Sep 1970 06:00:00 GMT") == 23349600);
    CHECK(parse_http_time("Thu, 29 Feb 2024 12:00:00 GMT") == 1709208000);
    CHECK(parse_http_time("Tue, 14 Nov 2023 22:13:20") == 1700000000);  // nothing after the seconds is read
    for (const char* bad : {"", "yesterday", "Tue, 14 Nov 2023 24:00:00 GMT", "Wed, 29 Feb 2023 12:00:00 GMT",
                            "Tue, 31 Nov 2023 22:13:20 GMT", "Tue, 14 Xyz 2023 22:13:20 GMT", "Tue, 14 Nov 23"}) {
        INFO(bad);
        CHECK_FALSE(parse_http_time(bad));
    }
}
