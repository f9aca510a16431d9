// The map block (nginx's map module) as the schema reads it: where each key goes, and nginx's messages.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse_test::in_http;
using confparse_test::TempPrefix;

TEST_CASE("map keys are sorted into exact, wildcard and regex entries as nginx's map reads them", "[map]") {
    TempPrefix t;
    t.write("more.map", "Included 3;\n");
    auto loaded = t.load(in_http("map $uri $m {\n"
                                 "  hostnames; volatile;\n"
                                 "  default d;\n"
                                 "  Exact.ORG 1;\n"
                                 "  *.Wild.org 2;\n"
                                 "  .dot.org 4;\n"
                                 "  www.tail.* 5;\n"
                                 "  ~*^re(?<x>.)  $x;\n"
                                 "  \\~tilde 6;\n"
                                 "  include more.map;\n"
                                 "}\n"));
    const auto& maps = loaded.config.http->maps;
    REQUIRE(maps.size() == 1);
    const confparse::MapBlock& m = maps[0];
    CHECK(m.source == "$uri");
    CHECK(m.variable == "m");
    CHECK(m.hostnames);
    CHECK(m.is_volatile);
    CHECK(m.default_value == "d");
    REQUIRE(m.exact.size() == 3);
    CHECK(m.exact[0].key == "exact.org");
    CHECK(m.exact[1].key == "~tilde");
    CHECK(m.exact[2].key == "included");
    REQUIRE(m.wildcards.size() == 3);
    CHECK(m.wildcards[0].key == "*.wild.org");
    CHECK(m.wildcards[1].key == ".dot.org");
    CHECK(m.wildcards[2].key == "www.tail.*");
    REQUIRE(m.regexes.size() == 1);
    CHECK(m.regexes[0].key == "^re(?<x>.)");
    CHECK(m.regexes[0].caseless);
    CHECK(loaded.config.http->variables.count("x"));  // a named capture defines a variable
}

TEST_CASE("map refuses what nginx refuses, with its messages", "[map]") {
    TempPrefix t;
    auto error = [&](const std::string& text) { return t.error(in_http(text)); };
    CHECK(error("map $a b { }\n") == "invalid variable name \"b\" in {P}conf/nginx.conf:3");
    CHECK(error("map $uri $b { a b c; }\n") == "invalid number of the map parameters in {P}conf/nginx.conf:3");
    CHECK(error("map $uri $b { default 1;\ndefault 2; }\n") == "duplicate default map parameter in {P}conf/nginx.conf:4");
    CHECK(error("map $uri $b { Foo 1; foo 2; }\n") == "conflicting parameter \"foo\" in {P}conf/nginx.conf:3");
    CHECK(error("map $uri $b { hostnames; a.*.b 1; }\n") == "invalid hostname or wildcard \"a.*.b\" in {P}conf/nginx.conf:3");
    CHECK(error("map $uri $b { hostnames; .x.org 1; *.X.org 2; }\n") == "conflicting parameter \"*.x.org\" in {P}conf/nginx.conf:3");
    CHECK(error("map $uri $b { hostnames; x.org 1; .x.org 2; }\n") == "conflicting parameter \".x.org\" in {P}conf/nginx.conf:3");
    CHECK(error("map $uri $host { }\n") == "the duplicate \"host\" variable in {P}conf/nginx.conf:3");
    CHECK(error("map $nope $b { }\n") == "unknown \"nope\" variable");
    CHECK(error("server { map $uri $b { } }\n") == "\"map\" directive is not allowed here in {P}conf/nginx.conf:3");
    CHECK(error("map_hash_max_size x;\n") == "\"map_hash_max_size\" directive invalid number in {P}conf/nginx.conf:3");
    // without "hostnames" a '*' is an ordinary character and the keys never conflict across kinds
    CHECK(error("map $uri $b { a.*.b 1; x.org 1; .x.org 2; }\n") == "");
}
