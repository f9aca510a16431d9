#include "confparse/schema.hpp"

#include <catch2/catch.hpp>

#include <set>

#include "temp_config.hpp"

using confparse_test::in_server;
using confparse_test::TempPrefix;

TEST_CASE("every schema row has a name and contexts, and names are unique per context", "[schema]") {
    std::set<std::pair<std::string, unsigned>> seen;
    for (const auto& row : confparse::schema()) {
        CHECK_FALSE(row.name.empty());
        CHECK(row.contexts != 0);
        CHECK(row.set);
        for (unsigned bit = 1; bit; bit <<= 1) {
            if (row.contexts & bit) CHECK(seen.insert({std::string(row.name), bit}).second);
        }
    }
}

TEST_CASE("unknown, unsupported and misplaced directives", "[schema]") {
    TempPrefix t;
    CHECK(t.error(in_server("listn 80;\n")) == "unknown directive \"listn\" in {P}conf/nginx.conf:5");
    CHECK(confparse::closest_directive("listn") == "listen");
    CHECK(confparse::closest_directive("zzzzzzzz").empty());
    CHECK(t.error("events {}\nhttp { add_before_body /a; }\n") == "\"add_before_body\" directive is not supported by nproxy in {P}conf/nginx.conf:2");
    CHECK(t.error("events {}\nhttp { listen 80; }\n") == "\"listen\" directive is not allowed here in {P}conf/nginx.conf:2");
    CHECK(t.error("events {}\nhttp;\n") == "directive \"http\" has no opening \"{\" in {P}conf/nginx.conf:2");
    CHECK(t.error(in_server("listen 8081 { }\n")) == "directive \"listen\" is not terminated by \";\" in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("sendfile on off;\n")) == "invalid number of arguments in \"sendfile\" directive in {P}conf/nginx.conf:5");
}

TEST_CASE("unknown directives get a did-you-mean hint", "[schema]") {
    TempPrefix t;
    try {
        t.load(in_server("proxy_pas http://x;\n"));
        FAIL("no error");
    } catch (const confparse::ConfigError& e) {
        CHECK(e.hint() == "did you mean \"proxy_pass\"?");
    }
}

TEST_CASE("duplicates and bad values", "[schema]") {
    TempPrefix t;
    CHECK(t.error(in_server("sendfile on;\nsendfile on;\n")) == "\"sendfile\" directive is duplicate in {P}conf/nginx.conf:6");
    CHECK(t.error("worker_processes 1;\nworker_processes 1;\nevents {}\n") == "\"worker_processes\" directive is duplicate in {P}conf/nginx.conf:2");
    CHECK(t.error("events {}\nevents {}\n") == "\"events\" directive is duplicate in {P}conf/nginx.conf:2");
    CHECK(t.error(in_server("sendfile yes;\n")) ==
          "invalid value \"yes\" in \"sendfile\" directive, it must be \"on\" or \"off\" in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("send_timeout 5x;\n")) == "\"send_timeout\" directive invalid value in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("server_tokens maybe;\n")) == "invalid value \"maybe\" in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("ssl_protocols TLSv9;\n")) == "invalid value \"TLSv9\" in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("keepalive_requests x;\n")) == "\"keepalive_requests\" directive invalid number in {P}conf/nginx.conf:5");
}

TEST_CASE("listen duplicates are found as listens are read", "[schema]") {
    TempPrefix t;
    CHECK(t.error(in_server("listen 8080;\n")) == "a duplicate listen 0.0.0.0:8080 in {P}conf/nginx.conf:5");
    CHECK(t.error("events {}\nhttp {\nserver { listen 80 default_server; }\nserver { listen 80 default; }\n}\n") ==
          "a duplicate default server for 0.0.0.0:80 in {P}conf/nginx.conf:4");
    CHECK(t.error("events {}\nhttp {\nserver { listen 80 backlog=1; }\nserver { listen 80 reuseport; }\n}\n") ==
          "duplicate listen options for 0.0.0.0:80 in {P}conf/nginx.conf:4");
    CHECK(t.error(in_server("listen 70000;\n")) == "invalid port in \"70000\" of the \"listen\" directive in {P}conf/nginx.conf:5");
}

TEST_CASE("checks when http closes come in nginx's order", "[schema]") {
    TempPrefix t;
    // upstream groups before duplicate locations before unknown variables before server names
    CHECK(t.error("events {}\nhttp {\nupstream u { }\nserver { listen 80; location /a { } location /a { } }\n}\n") ==
          "no servers are inside upstream in {P}conf/nginx.conf:3");
    CHECK(t.error("events {}\nhttp {\nserver { listen 80; return 200 $nope; location /a { } location /a { } }\n}\n") ==
          "duplicate location \"/a\" in {P}conf/nginx.conf:3");
    CHECK(t.error("events {}\nhttp {\nserver { listen 80; server_name a.*.b; return 200 $nope; }\nserver { listen 80; }\n}\n") ==
          "unknown \"nope\" variable");
    CHECK(t.error("events {}\nhttp {\nserver { listen 80; server_name a.*.b; }\nserver { listen 80; }\n}\n") ==
          "invalid server name or wildcard \"a.*.b\" on 0.0.0.0:80");
    CHECK(t.error("events {}\nhttp {\nserver { listen 80; server_name a.*.b; }\n}\n") == "");
    CHECK(t.error("events {}\nhttp {\nserver {\nlisten 8443 ssl;\n}\n}\n") ==
          "no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive in {P}conf/nginx.conf:3");
}

TEST_CASE("no events section is reported after syntax ok", "[schema]") {
    TempPrefix t;
    try {
        t.load("http { }\n");
        FAIL("no error");
    } catch (const confparse::ConfigError& e) {
        CHECK(e.text() == "no \"events\" section in configuration");
        CHECK(e.after_syntax_ok());
    }
}
