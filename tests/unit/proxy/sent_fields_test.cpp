// $sent_http_NAME read from the response header as sent.
#include <catch2/catch.hpp>

#include "proxy/sent_fields.hpp"

using proxy::sent_field;

namespace {
const char kHead[] =
    "HTTP/1.1 200 OK\r\nServer: nproxy\r\nContent-Type: text/plain\r\nX-Multi: 1\r\nCache-Control: max-age=3600\r\n"
    "X-Multi: 2\r\nCache-Control: private\r\nLink: <a>\r\nLink: <b>\r\n\r\nX-Body: not a field\r\n\r\n";
}

TEST_CASE("a sent field is found by its name with underscores for dashes, in any case", "[sent_fields]") {
    CHECK(sent_field(kHead, "content_type") == "text/plain");
    CHECK(sent_field(kHead, "Content_Type") == "text/plain");
    CHECK(!sent_field(kHead, "content-type"));  // a variable name has no dash to match one
    CHECK(!sent_field(kHead, "content"));
}

TEST_CASE("Cache-Control and Link give all their values, other fields their first", "[sent_fields]") {
    CHECK(sent_field(kHead, "cache_control") == "max-age=3600, private");
    CHECK(sent_field(kHead, "link") == "<a>, <b>");
    CHECK(sent_field(kHead, "x_multi") == "1");
}

TEST_CASE("nothing after the header's end and nothing before a header is sent", "[sent_fields]") {
    CHECK(!sent_field(kHead, "x_body"));
    CHECK(!sent_field("", "server"));
    CHECK(!sent_field("HTTP/1.1 200 OK\r\n\r\n", "server"));
}
