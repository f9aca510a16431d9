#include <catch2/catch.hpp>

#include "confparse/address.hpp"

using confparse::parse_addr_port;

TEST_CASE("parse_addr_port reads numeric addresses with an optional port, as ngx_parse_addr_port") {
    auto a = parse_addr_port("127.0.0.2");
    REQUIRE(a);
    CHECK(a->address == "127.0.0.2");
    CHECK(a->port == 0);
    CHECK_FALSE(a->ipv6);
    a = parse_addr_port("127.0.0.2:8080");
    REQUIRE(a);
    CHECK((a->address == "127.0.0.2" && a->port == 8080));
    a = parse_addr_port("::1");
    REQUIRE(a);
    CHECK((a->address == "::1" && a->port == 0 && a->ipv6));
    a = parse_addr_port("[::1]:443");
    REQUIRE(a);
    CHECK((a->address == "::1" && a->port == 443 && a->ipv6));

    for (const char* bad : {"", "localhost", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:", "[::1]", "[::1]:",
                            "[::1]80", "1.2.3.4.5", "127.0.0.1:8x"}) {
        INFO(bad);
        CHECK_FALSE(parse_addr_port(bad));
    }
}
