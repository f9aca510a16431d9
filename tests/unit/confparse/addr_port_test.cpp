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

TEST_CASE("parse_unix_socket_url reads \"unix:PATH\", as ngx_parse_unix_domain_url") {
    using confparse::names_unix_socket;
    using confparse::parse_unix_socket_url;
    CHECK(names_unix_socket("unix:/run/app.sock"));
    CHECK(names_unix_socket("UNIX:"));
    CHECK_FALSE(names_unix_socket("unix"));
    CHECK_FALSE(names_unix_socket("127.0.0.1:80"));

    std::string err;
    auto u = parse_unix_socket_url("unix:/run/app.sock:/x", false, err);
    REQUIRE(u);
    CHECK(u->path == "/run/app.sock:/x");  // a server's path runs to the end
    u = parse_unix_socket_url("unix:/run/app.sock:/x?a=1", true, err);
    REQUIRE(u);
    CHECK((u->path == "/run/app.sock" && u->uri == "/x?a=1"));  // proxy_pass: the URI after the ':'
    u = parse_unix_socket_url("unix:/run/app.sock", true, err);
    REQUIRE(u);
    CHECK((u->path == "/run/app.sock" && u->uri.empty()));
    CHECK(confparse::unix_peer_name(u->path) == "unix:/run/app.sock");
    CHECK(confparse::unix_peer_path("unix:/run/app.sock") == "/run/app.sock");
    CHECK(confparse::unix_peer_path("127.0.0.1:80").empty());

    CHECK_FALSE(parse_unix_socket_url("unix:", false, err));
    CHECK(err == "no path in the unix domain socket");
    CHECK_FALSE(parse_unix_socket_url("unix::/x", true, err));
    CHECK(err == "no path in the unix domain socket");
    std::string longest = "unix:/" + std::string(106, 'a');  // 107 bytes and the terminating zero fit
    CHECK(parse_unix_socket_url(longest, false, err));
    CHECK_FALSE(parse_unix_socket_url(longest + "a", false, err));
    CHECK(err == "too long path in the unix domain socket");
}
