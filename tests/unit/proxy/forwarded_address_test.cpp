// The client address behind trusted proxies, as nginx's ngx_http_get_forwarded_addr reads X-Forwarded-For.
#include <catch2/catch.hpp>

#include "proxy/forwarded_address.hpp"

namespace {

std::vector<confparse::GeoNetwork> trusting(const char* address) {
    confparse::GeoNetwork n;
    auto a = proxy::read_address(address);
    REQUIRE(a);
    n.inet6 = a->inet6;
    std::copy(a->bytes, a->bytes + 16, n.addr);
    std::fill(n.mask, n.mask + (a->inet6 ? 16 : 4), 0xff);
    return {n};
}

}  // namespace

TEST_CASE("a trusted client's address is the last X-Forwarded-For names", "[forwarded]") {
    auto proxies = trusting("127.0.0.1");
    std::vector<proxy::Header> headers = {{"X-Forwarded-For", "192.0.2.1, 127.0.0.1 ,,"}};
    CHECK(proxy::forwarded_address("127.0.0.1", headers, proxies, false) == "127.0.0.1");
    CHECK(proxy::forwarded_address("127.0.0.1", headers, proxies, true) == "192.0.2.1");
    CHECK(proxy::forwarded_address("192.0.2.9", headers, proxies, true) == "192.0.2.9");  // untrusted
    CHECK(proxy::forwarded_address("127.0.0.1", {}, proxies, true) == "127.0.0.1");
    CHECK(proxy::forwarded_address("127.0.0.1", headers, {}, true) == "127.0.0.1");  // no "proxy"
}

TEST_CASE("X-Forwarded-For entries may carry ports; junk stops the walk", "[forwarded]") {
    auto proxies = trusting("127.0.0.1");
    auto one = [&](const char* xff, bool recursive) {
        return proxy::forwarded_address("127.0.0.1", {{"x-forwarded-for", xff}}, proxies, recursive);
    };
    CHECK(one("192.0.2.1:8080", false) == "192.0.2.1");
    CHECK(one("[2001:db8::1]:443", false) == "2001:db8::1");
    CHECK(one("2001:db8::2", false) == "2001:db8::2");
    CHECK(one("junk", false) == "127.0.0.1");
    CHECK(one("192.0.2.1, junk, 127.0.0.1", true) == "127.0.0.1");  // junk: the last trusted one stays
}

TEST_CASE("recursive: earlier X-Forwarded-For headers only while all later addresses were trusted", "[forwarded]") {
    auto proxies = trusting("127.0.0.1");
    std::vector<proxy::Header> headers = {{"X-Forwarded-For", "192.0.2.1"}, {"X-Forwarded-For", "127.0.0.1"}};
    CHECK(proxy::forwarded_address("127.0.0.1", headers, proxies, true) == "192.0.2.1");
    CHECK(proxy::forwarded_address("127.0.0.1", headers, proxies, false) == "127.0.0.1");  // the last header only
}
