// Host names checked as nginx's ngx_http_validate_host checks them.
#include <catch2/catch.hpp>

#include "proxy/host.hpp"

using proxy::validate_host;

TEST_CASE("hosts: the port and one trailing dot go, the case is lowered") {
    CHECK(validate_host("AbC-d93.0.34ZhGt-s.nk.Ru:88") == "abc-d93.0.34zhgt-s.nk.ru");
    CHECK(validate_host("abcd-ef.g02.xyz.:88") == "abcd-ef.g02.xyz");
    CHECK(validate_host("example.com:") == "example.com");
    CHECK(validate_host("[abcd::ef98:0:7654:321]:80") == "[abcd::ef98:0:7654:321]");
    CHECK(validate_host("[V0A.B:C]") == "[v0a.b:c]");
}

TEST_CASE("hosts: empty, double dots, '/', controls and spaces are refused") {
    CHECK_FALSE(validate_host(""));
    CHECK_FALSE(validate_host("."));
    CHECK_FALSE(validate_host(":80"));
    CHECK_FALSE(validate_host("..example.com"));
    CHECK_FALSE(validate_host("[abcd::ef98:0:7654:321]..:98"));
    CHECK_FALSE(validate_host("example.com/\\:552"));
    CHECK_FALSE(validate_host("localhost\x02"));
    CHECK_FALSE(validate_host("local host"));
    CHECK_FALSE(validate_host(std::string_view("local\0host", 10)));
}

TEST_CASE("hosts: what nginx 1.22 lets through") {
    CHECK(validate_host("exa\\mple.com") == "exa\\mple.com");  // '\\' is no path separator on Unix
    CHECK(validate_host("[abcd::1") == "[abcd::1");              // a literal never closed runs to the end
    CHECK(validate_host("[abcd::1].") == "[abcd::1]");
    CHECK(validate_host("a:1.2") == "a");
}
