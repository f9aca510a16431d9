#include "tls/ip_address.hpp"

#include <catch2/catch.hpp>

TEST_CASE("numeric addresses, bracketed IPv6 among them, are IP addresses", "[tls][ip_address]") {
    CHECK(tls::is_ip_address("127.0.0.1"));
    CHECK(tls::is_ip_address("::1"));
    CHECK(tls::is_ip_address("[::1]"));
    CHECK(tls::is_ip_address("[2001:db8::5]"));
}

TEST_CASE("host names and malformed brackets are not IP addresses", "[tls][ip_address]") {
    CHECK_FALSE(tls::is_ip_address("backend"));
    CHECK_FALSE(tls::is_ip_address("example.com"));
    CHECK_FALSE(tls::is_ip_address("[::1"));
    CHECK_FALSE(tls::is_ip_address("[]"));
    CHECK_FALSE(tls::is_ip_address("[127.0.0.1]"));
    CHECK_FALSE(tls::is_ip_address(""));
}
