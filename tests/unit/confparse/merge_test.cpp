// Inheritance http -> server -> location, as nginx merges.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse_test::TempPrefix;

namespace {

const confparse::Location& first_location(const confparse::Loaded& l) { return l.config.http->servers.at(0).locations.at(0); }

}  // namespace

TEST_CASE("unset settings take the parent's value, else the default", "[merge]") {
    TempPrefix t;
    auto l = t.load("events {}\nhttp {\nsend_timeout 5s;\nserver {\nlisten 80;\nclient_max_body_size 2m;\n"
                    "location / { proxy_read_timeout 1h30m; }\n}\n}\n");
    const auto& s = first_location(l).scope;
    CHECK(*s.send_timeout == 5000);
    CHECK(*s.client_max_body_size == 2 * 1024 * 1024);
    CHECK(*s.proxy_read_timeout == 5400000);
    CHECK(*s.proxy_connect_timeout == 60000);  // default
    CHECK(*s.keepalive_timeout == 75000);
    CHECK(*s.sendfile == false);
    CHECK(*s.index == std::vector<std::string>{"index.html"});
    CHECK(*s.root == t.prefix() + "html");  // as nginx: under the prefix
    CHECK(*s.alias_length == 0);
    CHECK(*s.proxy_http_version == 10);
}

TEST_CASE("root and alias: made absolute, and what part of a URI an alias replaces", "[merge]") {
    TempPrefix t;
    auto l = t.load("events {}\nhttp {\nserver {\nlisten 80;\nroot www/;\n"
                    "location /a/ { alias /data/; location ~ x { } }\nlocation ~ ^/b/(.*) { alias /data/$1; }\n"
                    "location /c/ { root $host/www; }\n}\n}\n");
    const auto& server = l.config.http->servers.at(0);
    CHECK(*server.scope.root == t.prefix() + "www");  // a root loses its trailing '/'
    const auto& a = server.locations.at(0);
    CHECK((*a.scope.root == "/data/" && *a.scope.alias_length == 3));
    CHECK(*a.locations.at(0).scope.alias_length == 3);  // inherited with the alias it belongs to
    CHECK((*server.locations.at(1).scope.root == "/data/$1" &&
           *server.locations.at(1).scope.alias_length == confparse::kWholeAlias));
    CHECK(*server.locations.at(2).scope.root == "$host/www");  // made absolute per request
}

TEST_CASE("a level with its own add_header inherits none of the parent's", "[merge]") {
    TempPrefix t;
    auto l = t.load("events {}\nhttp {\nadd_header A 1;\nadd_header B 2;\nserver {\nlisten 80;\n"
                    "location /x { add_header C 3; }\nlocation /y { }\n}\n}\n");
    const auto& server = l.config.http->servers[0];
    REQUIRE(server.scope.add_header->size() == 2);
    const auto& x = *server.locations[0].scope.add_header;
    REQUIRE(x.size() == 1);
    CHECK(x[0].name == "C");
    CHECK(server.locations[1].scope.add_header->size() == 2);
}

TEST_CASE("a level with its own proxy_set_header replaces the parent's", "[merge]") {
    TempPrefix t;
    auto l = t.load("events {}\nhttp {\nproxy_set_header A 1;\nserver {\nlisten 80;\nproxy_set_header B $host;\n"
                    "proxy_set_header C 3;\nlocation / { }\n}\n}\n");
    const auto& h = *first_location(l).scope.proxy_set_header;
    REQUIRE(h.size() == 2);
    CHECK(h[0].key == "B");
    CHECK(h[0].value == "$host");
    CHECK(h[1].key == "C");
}

TEST_CASE("nested locations inherit from the enclosing location", "[merge]") {
    TempPrefix t;
    auto l = t.load("events {}\nhttp {\nserver {\nlisten 80;\nlocation /a { send_timeout 7s; location /a/b { } }\n}\n}\n");
    CHECK(*first_location(l).locations.at(0).scope.send_timeout == 7000);
}

TEST_CASE("defaults at the main level and for a server without listen", "[merge]") {
    TempPrefix t;
    auto l = t.load("events {}\nhttp {\nserver { }\n}\n");
    CHECK(l.config.main.pid == t.prefix() + "logs/nginx.pid");
    CHECK(l.config.main.error_log.at(0).path == t.prefix() + "logs/error.log");
    const auto& listen = l.config.http->servers[0].listens.at(0);
    CHECK((listen.port == 80 || listen.port == 8000));
    CHECK(l.config.http->log_formats.count("combined") == 1);
}

TEST_CASE("proxy_pass makes an implicit upstream group", "[merge]") {
    TempPrefix t;
    auto l = t.load("events {}\nhttp {\nserver {\nlisten 80;\nlocation / { proxy_pass http://127.0.0.1:9000/x/; }\n}\n}\n");
    const auto& p = first_location(l).proxy_pass;
    CHECK(p.host == "127.0.0.1");
    CHECK(p.port == 9000);
    CHECK(p.uri == "/x/");
    const auto& g = l.config.http->upstreams.at(p.upstream);
    REQUIRE(g.servers.size() == 1);
    CHECK(g.servers[0].resolved.at(0) == "127.0.0.1:9000");
}

TEST_CASE("proxy_pass to an IPv6 address keeps its brackets for $proxy_host", "[merge]") {
    TempPrefix t;
    auto l = t.load("events {}\nhttp {\nserver {\nlisten 80;\nlocation / { proxy_pass https://[::1]:9000/; }\n}\n}\n");
    const auto& p = first_location(l).proxy_pass;
    CHECK(p.host == "::1");
    CHECK(p.host_text == "[::1]");
    CHECK(first_location(t.load("events {}\nhttp {\nserver {\nlisten 80;\nlocation / { proxy_pass http://localhost:1/; }\n}\n}\n"))
              .proxy_pass.host_text == "localhost");
}
