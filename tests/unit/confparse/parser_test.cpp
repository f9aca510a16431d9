#include "confparse/parser.hpp"

#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse_test::TempPrefix;

TEST_CASE("includes are relative to the main config's folder", "[parser]") {
    TempPrefix t;
    t.write("sub/a.inc", "include sub/b.inc;\n");  // not relative to sub/
    t.write("sub/b.inc", "server { listen 8081; }\n");
    auto loaded = t.load("events {}\nhttp {\ninclude sub/a.inc;\n}\n");
    REQUIRE(loaded.config.http->servers.size() == 1);
    CHECK(loaded.config.http->servers[0].listens[0].port == 8081);
    CHECK(loaded.files.size() == 3);
}

TEST_CASE("glob includes are read in sorted order; no match is not an error", "[parser]") {
    TempPrefix t;
    t.write("g/b.conf", "server { listen 8082; }\n");
    t.write("g/a.conf", "server { listen 8081; }\n");
    t.write("g/c.txt", "bogus;\n");
    auto loaded = t.load("events {}\nhttp {\ninclude g/*.conf;\ninclude none/*.conf;\n}\n");
    auto& servers = loaded.config.http->servers;
    REQUIRE(servers.size() == 2);
    CHECK(servers[0].listens[0].port == 8081);
    CHECK(servers[1].listens[0].port == 8082);
}

TEST_CASE("errors name the included file and its line", "[parser]") {
    TempPrefix t;
    t.write("bad.inc", "server {\n    listen 8080;\n    bogus;\n}\n");
    CHECK(t.error("events {}\nhttp {\ninclude bad.inc;\n}\n") == "unknown directive \"bogus\" in {P}conf/bad.inc:3");
}

TEST_CASE("a missing include is reported at the include", "[parser]") {
    TempPrefix t;
    CHECK(t.error("events {}\nhttp {\n\ninclude missing.conf;\n}\n") ==
          "open() \"{P}conf/missing.conf\" failed (2: No such file or directory) in {P}conf/nginx.conf:4");
}

TEST_CASE("an include loop is an error, not descriptor exhaustion", "[parser]") {
    TempPrefix t;
    t.write("a.inc", "include b.inc;\n");
    t.write("b.inc", "\ninclude a.inc;\n");
    CHECK(t.error("events {}\nhttp {\ninclude a.inc;\n}\n") ==
          "include loop: \"{P}conf/a.inc\" includes itself in {P}conf/b.inc:2");
}

TEST_CASE("the same file may be included twice side by side", "[parser]") {
    TempPrefix t;
    t.write("x.inc", "# nothing\n");
    CHECK(t.error("events {}\ninclude x.inc;\ninclude x.inc;\n") == "");
}

TEST_CASE("a folder included is a crit pread() error", "[parser]") {
    TempPrefix t;
    t.write("d/x", "\n");
    try {
        t.load("events {}\ninclude d;\n");
        FAIL("no error");
    } catch (const confparse::ConfigError& e) {
        CHECK(e.level() == "crit");
        CHECK_FALSE(e.located());
        CHECK(e.message().find("(21: Is a directory)") != std::string::npos);
    }
}

TEST_CASE("block structure errors", "[parser]") {
    TempPrefix t;
    CHECK(t.error("events {}\nhttp {\n") == "unexpected end of file, expecting \"}\" in {P}conf/nginx.conf:3");
    CHECK(t.error("events {}\nhttp {") == "unexpected end of file, expecting \"}\" in {P}conf/nginx.conf:2");
    CHECK(t.error("events {}\n}\n") == "unexpected \"}\" in {P}conf/nginx.conf:2");
    CHECK(t.error("events {}\ninclude a b;\n") == "invalid number of arguments in \"include\" directive in {P}conf/nginx.conf:2");
    CHECK(t.error("events {}\ninclude a {}\n") == "directive \"include\" is not terminated by \";\" in {P}conf/nginx.conf:2");
}
