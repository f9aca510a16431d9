// Cookies found by name as nginx finds them: in a Cookie header, and in a Set-Cookie header.
#include <catch2/catch.hpp>

#include "proxy/cookies.hpp"

using proxy::cookie_in_header;
using proxy::cookie_in_set_cookie;

TEST_CASE("cookies: a Cookie header's pair by name, any case, the value up to ';'") {
    CHECK(cookie_in_header("a=1; b=2", "b") == "2");
    CHECK(cookie_in_header("A = 1 ;b=2", "a") == "1 ");
    CHECK(cookie_in_header("x=0,y=1", "y") == "1");     // ',' separates pairs too
    CHECK(cookie_in_header("x=0, y=1", "x") == "0, y=1");  // but only ';' ends a value
    CHECK(cookie_in_header("a=", "a") == "");
}

TEST_CASE("cookies: a name is matched whole, and a pair without '=' is passed over") {
    CHECK_FALSE(cookie_in_header("bb=1", "b"));
    CHECK_FALSE(cookie_in_header("a", "a"));
    CHECK(cookie_in_header("b; a=2", "a") == "2");
    CHECK_FALSE(cookie_in_header("b", "bb"));
    // as nginx: the character after a matching name that is not '=' is passed over, here the ';' that
    // would have started the search for the next pair
    CHECK_FALSE(cookie_in_header("c;c=3", "c"));
    CHECK(cookie_in_header("c; x=1; c=3", "c") == "3");
}

TEST_CASE("cookies: a Set-Cookie header names its cookie first") {
    CHECK(cookie_in_set_cookie("tc=one; Path=/", "tc") == "one");
    CHECK(cookie_in_set_cookie("TC = one,two", "tc") == "one,two");
    CHECK_FALSE(cookie_in_set_cookie("other=1; tc=2", "tc"));
    CHECK_FALSE(cookie_in_set_cookie("tc", "tc"));
    CHECK_FALSE(cookie_in_set_cookie("tcx=1", "tc"));
}
