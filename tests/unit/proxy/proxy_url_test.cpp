// proxy_pass with variables: its evaluated URL and the upstream group it names, as nginx.
#include "proxy/proxy_url.hpp"

#include <catch2/catch.hpp>

TEST_CASE("proxy url: host, port, $proxy_host and the URI part", "[proxy_url]") {
    std::string error;
    auto u = proxy::parse_proxy_url("http://127.0.0.1:8081/", error);
    REQUIRE(u);
    CHECK(u->host == "127.0.0.1");
    CHECK(u->port == 8081);
    CHECK_FALSE(u->no_port);
    CHECK(u->address);
    CHECK(u->uri == "/");
    CHECK(u->proxy_host() == "127.0.0.1:8081");

    auto named = proxy::parse_proxy_url("HTTPS://Backend.example?a=b", error);
    REQUIRE(named);
    CHECK(named->https);
    CHECK(named->port == 443);
    CHECK(named->no_port);
    CHECK_FALSE(named->address);
    CHECK(named->uri == "/?a=b");  // as nginx: arguments alone get a '/' first
    CHECK(named->proxy_host() == "Backend.example");

    auto six = proxy::parse_proxy_url("http://[::1]:80", error);
    REQUIRE(six);
    CHECK(six->address);
    CHECK(six->uri.empty());
    CHECK(six->proxy_host() == "[::1]");  // the scheme's own port is not named
}

TEST_CASE("proxy url: what is no URL, in nginx's words", "[proxy_url]") {
    std::string error;
    CHECK_FALSE(proxy::parse_proxy_url("ftp://x/", error));
    CHECK(error == "invalid URL prefix in \"ftp://x/\"");
    CHECK_FALSE(proxy::parse_proxy_url("http://", error));
    CHECK(error == "invalid URL prefix in \"http://\"");
    CHECK_FALSE(proxy::parse_proxy_url("http://host:99999/a", error));
    CHECK(error == "invalid port in upstream \"host:99999/a\"");
    CHECK_FALSE(proxy::parse_proxy_url("http://:80/", error));
    CHECK(error == "no host in upstream \":80/\"");
}

TEST_CASE("proxy url: a block by its name without a port, an implicit group by host and port", "[proxy_url]") {
    std::vector<confparse::Upstream> groups(2);
    groups[0].name = "u";
    groups[1].name = "localhost";
    groups[1].implicit = true;
    groups[1].port = 8081;
    std::string error;
    CHECK(proxy::find_upstream(groups, *proxy::parse_proxy_url("http://U/", error)) == 0u);
    CHECK_FALSE(proxy::find_upstream(groups, *proxy::parse_proxy_url("http://u:80/", error)));
    CHECK(proxy::find_upstream(groups, *proxy::parse_proxy_url("http://localhost:8081", error)) == 1u);
    CHECK_FALSE(proxy::find_upstream(groups, *proxy::parse_proxy_url("http://localhost", error)));
}

TEST_CASE("proxy url: a request's own group, one peer per address", "[proxy_url]") {
    std::string error;
    auto u = proxy::parse_proxy_url("http://backend:8081/x", error);
    confparse::Upstream group = proxy::resolved_upstream(*u, {"127.0.0.1", "::1"});
    REQUIRE(group.servers.size() == 2);
    CHECK(group.servers[0].resolved == std::vector<std::string>{"127.0.0.1:8081"});
    CHECK(group.servers[1].resolved == std::vector<std::string>{"[::1]:8081"});
    CHECK(group.servers[0].weight == 1);
    CHECK(group.servers[0].max_fails == 1);
    CHECK(group.servers[0].fail_timeout == 10000);
    CHECK(group.keepalive == 0);
}

TEST_CASE("proxy url: a unix socket, its URI after the path's ':', and its group of one peer", "[proxy_url]") {
    std::string error;
    auto u = proxy::parse_proxy_url("http://unix:/run/app.sock:/x?a=1", error);
    REQUIRE(u);
    CHECK(u->unix_socket);
    CHECK(u->host == "/run/app.sock");
    CHECK(u->uri == "/x?a=1");
    CHECK(u->proxy_host() == "localhost");  // as nginx: the Host sent
    confparse::Upstream group = proxy::resolved_upstream(*u, {});
    CHECK(group.unix_socket);
    CHECK(group.name == "/run/app.sock");  // the name verified over TLS by default
    REQUIRE(group.servers.size() == 1);
    CHECK(group.servers[0].resolved == std::vector<std::string>{"unix:/run/app.sock"});

    CHECK_FALSE(proxy::parse_proxy_url("http://unix::/x", error));
    CHECK(error == "no path in the unix domain socket in upstream \"unix::/x\"");
}
