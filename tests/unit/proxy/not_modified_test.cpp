#include <catch2/catch.hpp>

#include "proxy/not_modified.hpp"

using proxy::etag_listed;

TEST_CASE("etag_listed compares ETag lists as nginx's If-Match and If-None-Match") {
    CHECK(etag_listed("*", "", false));
    CHECK(etag_listed("\"a\"", "\"a\"", false));
    CHECK(etag_listed("\"x\", \"a\"", "\"a\"", false));
    CHECK(etag_listed("\"x\",\"a\" ", "\"a\"", false));
    CHECK_FALSE(etag_listed("\"ab\"", "\"a\"", false));
    CHECK_FALSE(etag_listed("\"a\"", "", false));
    CHECK_FALSE(etag_listed("W/\"a\"", "\"a\"", false));  // strong comparison
    CHECK(etag_listed("W/\"a\"", "\"a\"", true));         // weak comparison
    CHECK(etag_listed("\"a\"", "W/\"a\"", true));
}
