// The geo block (nginx's geo module, CIDR form) as the schema reads it, with nginx's messages.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse_test::in_http;
using confparse_test::TempPrefix;

TEST_CASE("geo keeps the last value of a network, deletes, and defaults both families", "[geo]") {
    TempPrefix t;
    auto loaded = t.load(in_http("geo $arg_a $g {\n default d;\n 10.0.0.0/8 a;\n 10.0.0.0/8 b;\n"
                                 " 192.168.0.0/16 c;\n delete 192.168.0.0/16;\n ::1 six;\n}\n"));
    const auto& geos = loaded.config.http->geos;
    REQUIRE(geos.size() == 1);
    CHECK(geos[0].source == "arg_a");
    CHECK(geos[0].variable == "g");
    REQUIRE(geos[0].networks.size() == 4);
    CHECK(geos[0].networks[0].value == "d");
    CHECK(!geos[0].networks[0].inet6);
    CHECK(geos[0].networks[1].inet6);  // "default" is ::/0 too
    CHECK(geos[0].networks[2].value == "b");
    CHECK(geos[0].networks[3].value == "six");
    REQUIRE(loaded.config.warnings.size() == 1);
    CHECK(loaded.config.warnings[0].text().find("duplicate network \"10.0.0.0/8\", value: \"b\", old value: \"a\"") == 0);
}

TEST_CASE("geo refuses what nginx refuses, with its messages", "[geo]") {
    TempPrefix t;
    const std::pair<std::string, std::string> cases[] = {
        {"geo $g { foo b; }", "invalid network \"foo\" in {P}conf/nginx.conf:3"},
        {"geo $g { all b; }", "invalid network \"all\" in {P}conf/nginx.conf:3"},
        {"geo $g { a b c; }", "invalid number of the geo parameters in {P}conf/nginx.conf:3"},
        {"geo g { }", "invalid variable name \"g\" in {P}conf/nginx.conf:3"},
        {"geo $nope $g { }", "unknown \"nope\" variable"},
        {"geo $g { ranges; }", "geo \"ranges\" is not supported by nproxy in {P}conf/nginx.conf:3"},
    };
    for (const auto& [conf, message] : cases) CHECK(t.error(in_http(conf + "\n")) == message);
}
