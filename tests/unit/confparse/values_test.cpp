#include "confparse/values.hpp"

#include <catch2/catch.hpp>

using namespace confparse;

TEST_CASE("sizes", "[values]") {
    CHECK(parse_size("0") == 0);
    CHECK(parse_size("512") == 512);
    CHECK(parse_size("8k") == 8192);
    CHECK(parse_size("8K") == 8192);
    CHECK(parse_size("2m") == 2 * 1024 * 1024);
    CHECK_FALSE(parse_size("1g"));  // sizes take no g; offsets do
    CHECK(parse_offset("1g") == 1024LL * 1024 * 1024);
    CHECK_FALSE(parse_size(""));
    CHECK_FALSE(parse_size("k"));
    CHECK_FALSE(parse_size("-1"));
    CHECK_FALSE(parse_size("1.5k"));
    CHECK_FALSE(parse_size("99999999999999999999"));
}

TEST_CASE("numbers", "[values]") {
    CHECK(parse_number("007") == 7);
    CHECK_FALSE(parse_number(""));
    CHECK_FALSE(parse_number("+1"));
    CHECK_FALSE(parse_number("1 "));
}

TEST_CASE("times in milliseconds", "[values]") {
    CHECK(parse_msec("500ms") == 500);
    CHECK(parse_msec("30") == 30000);
    CHECK(parse_msec("30s") == 30000);
    CHECK(parse_msec("1h30m") == 5400000);
    CHECK(parse_msec("1h 30m") == 5400000);
    CHECK(parse_msec("1d") == 86400000);
    CHECK(parse_msec("1w") == 7 * 86400000LL);
    CHECK_FALSE(parse_msec("1M"));     // months and years only in seconds
    CHECK_FALSE(parse_msec("1y"));
    CHECK_FALSE(parse_msec("1s1h"));   // units must decrease
    CHECK_FALSE(parse_msec("1m1m"));
    CHECK_FALSE(parse_msec("s"));
    CHECK_FALSE(parse_msec("5x"));
    CHECK_FALSE(parse_msec(""));
}

TEST_CASE("times in seconds", "[values]") {
    CHECK(parse_sec("10") == 10);
    CHECK(parse_sec("1h30m") == 5400);
    CHECK(parse_sec("1y") == 365LL * 86400);
    CHECK(parse_sec("1M") == 30LL * 86400);
    CHECK_FALSE(parse_sec("500ms"));
}
