// Server and location choice, by nginx's rules, over configurations read by confparse.
#include <catch2/catch.hpp>

#include "../confparse/temp_config.hpp"
#include "proxy/router.hpp"

namespace {

struct Routed {
    confparse_test::TempPrefix dir;
    confparse::Loaded loaded;
    proxy::Router router;

    explicit Routed(const std::string& http)
        : loaded(dir.load("events {}\nhttp {\n" + http + "\n}\n")), router(*loaded.config.http) {}

    // The first server_name of the server chosen for `host` on the first endpoint.
    std::string server(const std::string& host) {
        const confparse::Server* s = router.find_server(router.endpoints().front(), host);
        return s->names.empty() ? "" : s->names.front().text;
    }
    // The pattern of the location chosen for `uri` in the first server ("" when none).
    std::string location(const std::string& uri) {
        const confparse::Location* l = router.find_location(loaded.config.http->servers.front(), uri);
        return l ? l->pattern : "";
    }
};

}  // namespace

TEST_CASE("server names: exact, then the longest leading wildcard, trailing wildcard, regex, default") {
    Routed r(R"(
        server { listen 127.0.0.1:18090; server_name default.test; }
        server { listen 127.0.0.1:18090; server_name www.example.com; }
        server { listen 127.0.0.1:18090; server_name *.example.com; }
        server { listen 127.0.0.1:18090; server_name *.a.example.com; }
        server { listen 127.0.0.1:18090; server_name .example.org; }
        server { listen 127.0.0.1:18090; server_name mail.*; }
        server { listen 127.0.0.1:18090; server_name ~^api\d+\.test$; }
    )");
    CHECK(r.server("www.example.com") == "www.example.com");
    CHECK(r.server("WWW.Example.COM:8080") == "www.example.com");
    CHECK(r.server("x.example.com") == "*.example.com");
    CHECK(r.server("x.a.example.com") == "*.a.example.com");
    CHECK(r.server("example.com") == "default.test");  // "*.example.com" does not name example.com
    CHECK(r.server(".example.com") == "*.example.com");  // as nginx: an empty first label is one
    CHECK(r.server("example.org") == ".example.org");  // ".example.org" does
    CHECK(r.server("x.example.org") == ".example.org");
    CHECK(r.server("mail.example.net") == "mail.*");
    CHECK(r.server("api42.test") == "~^api\\d+\\.test$");
    CHECK(r.server("other.test") == "default.test");
    CHECK(r.server("") == "default.test");
}

TEST_CASE("server names: a request without Host takes the server named \"\", regexes ignore case") {
    Routed r(R"(
        server { listen 127.0.0.1:18096; server_name default.test; }
        server { listen 127.0.0.1:18096; server_name ""; }
        server { listen 127.0.0.1:18096; server_name ~^EXAMPLE\.COM$; }
    )");
    CHECK(r.server("").empty());
    CHECK(r.server("example.com") == "~^EXAMPLE\\.COM$");
}

TEST_CASE("locations: exact, longest prefix, ^~ stops regexes, regexes in order, nested first") {
    Routed r(R"(
        server {
            listen 127.0.0.1:18091;
            location = / { }
            location / { }
            location /images/ { location ~ \.png$ { } }
            location ^~ /static/ { }
            location ~ \.(gif|png)$ { }
            location ~* \.JPG$ { }
            location ~ /img { }
        }
    )");
    CHECK(r.location("/") == "/");
    CHECK(r.location("/index.html") == "/");
    CHECK(r.location("/static/a.png") == "/static/");
    CHECK(r.location("/a.gif") == "\\.(gif|png)$");
    CHECK(r.location("/images/a.png") == "\\.png$");
    CHECK(r.location("/images/a.gif") == "\\.(gif|png)$");
    CHECK(r.location("/a.jpg") == "\\.JPG$");
    CHECK(r.location("/images/x") == "/images/");
    CHECK(r.location("/img/x") == "/img");
}

TEST_CASE("locations: named ones only by name, proxy_pass names without their '/' redirect") {
    Routed r(R"(
        server { listen 127.0.0.1:18090;
            location / { }
            location @fallback { }
            location /app/ { proxy_pass http://127.0.0.1:81; }
            location /app { }
            location /api/ { proxy_pass http://127.0.0.1:81; }
            location ~ ^/api$ { }
            location /static/ { }
        }
    )");
    const confparse::Server& server = r.loaded.config.http->servers.front();
    CHECK(r.location("/@fallback") == "/");
    REQUIRE(r.router.find_named(server, "@fallback") != nullptr);
    CHECK(r.router.find_named(server, "@fallback")->pattern == "@fallback");
    CHECK(r.router.find_named(server, "@other") == nullptr);
    bool slash = false;
    CHECK(r.router.find_location(server, "/api", nullptr, &slash)->pattern == "/api/");
    CHECK(slash);
    CHECK(r.router.find_location(server, "/app", nullptr, &slash)->pattern == "/app");  // named as the URI
    CHECK_FALSE(slash);
    CHECK(r.router.find_location(server, "/static", nullptr, &slash)->pattern == "/");  // no proxy_pass
    CHECK_FALSE(slash);
}
