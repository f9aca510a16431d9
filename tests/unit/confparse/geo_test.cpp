// The geo block (nginx's geo module: networks, ranges, proxies) as the schema reads it, with nginx's messages.
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
        {"geo $g { 10.0.0.0/8 a; ranges; }",
         "the \"ranges\" directive must be the first directive inside \"geo\" block in {P}conf/nginx.conf:3"},
        {"geo $g { ranges; 10.0.0.5-10.0.0.1 a; }", "invalid range \"10.0.0.5-10.0.0.1\" in {P}conf/nginx.conf:3"},
        {"geo $g { ranges; 1.0.0.0-255.255.255.255 a; }",
         "invalid range \"1.0.0.0-255.255.255.255\" in {P}conf/nginx.conf:3"},
        {"geo $g { ranges; 10.0.0.1 a; }", "invalid range \"10.0.0.1\" in {P}conf/nginx.conf:3"},
        {"geo $g { ranges; 10.0.0.0/8 a; }", "invalid range \"10.0.0.0/8\" in {P}conf/nginx.conf:3"},
        {"geo $g { ranges; 10.0.0.0-10.0.0.255 a; 10.0.0.128-10.0.1.5 b; }",
         "range \"10.0.0.128-10.0.1.5\" overlaps \"10.0.0.0-10.0.0.255\" in {P}conf/nginx.conf:3"},
        {"geo $g { ranges; 1.0.0.0-1.0.0.255 a; 1.0.0.0-1.0.1.255 b; }",
         "range \"1.0.0.0-1.0.1.255\" overlaps \"1.0.0.0-1.0.0.255\" in {P}conf/nginx.conf:3"},
        {"geo $g { proxy foo; }", "invalid network \"foo\" in {P}conf/nginx.conf:3"},
        {"geo $g { proxy_recursive x; }", "invalid network \"proxy_recursive\" in {P}conf/nginx.conf:3"},
    };
    for (const auto& [conf, message] : cases) CHECK(t.error(in_http(conf + "\n")) == message);
}

TEST_CASE("geo ranges split at every /16, cut new ranges out of old ones, and warn as nginx", "[geo]") {
    TempPrefix t;
    auto loaded = t.load(in_http("geo $g {\n ranges;\n default d;\n default e;\n 10.0.0.0-10.1.0.9 a;\n"
                                 " 10.0.1.0-10.0.1.255 b;\n 10.0.1.0-10.0.1.255 c;\n delete 10.0.5.0-10.0.5.1;\n"
                                 " 10.0.0.0-10.0.0.9 s;\n 10.1.0.5-10.1.0.9 e;\n delete 10.0.0.0-10.0.0.9;\n}\n"));
    const auto& geo = loaded.config.http->geos.at(0);
    CHECK(geo.ranges);
    CHECK(geo.range_default == "e");
    REQUIRE(geo.range_buckets.size() == 2);
    const auto& low = geo.range_buckets.at(0x0a00);  // 10.0.x.x
    REQUIRE(low.size() == 3);
    CHECK((low[0].start == 10 && low[0].end == 255 && low[0].value == "a"));
    CHECK((low[1].start == 256 && low[1].end == 511 && low[1].value == "c"));
    CHECK((low[2].start == 512 && low[2].end == 0xffff && low[2].value == "a"));
    const auto& high = geo.range_buckets.at(0x0a01);  // 10.1.0.0-10.1.0.9
    REQUIRE(high.size() == 2);
    CHECK((high[0].start == 0 && high[0].end == 4 && high[1].start == 5 && high[1].end == 9 && high[1].value == "e"));
    std::vector<std::string> warnings;
    for (const auto& w : loaded.config.warnings) warnings.push_back(w.text());
    REQUIRE(warnings.size() == 3);
    CHECK(warnings[0].find("duplicate default geo range value: \"e\", old value: \"d\"") == 0);
    CHECK(warnings[1].find("duplicate range \"10.0.1.0-10.0.1.255\", value: \"c\", old value: \"b\"") == 0);
    CHECK(warnings[2].find("no address range \"10.0.5.0-10.0.5.1\" to delete") == 0);
}

TEST_CASE("geo ranges reach the last /16 of the address space", "[geo]") {
    // the step past 255.255.x.x once wrapped to 0.0.0.0, and the split never ended
    TempPrefix t;
    auto loaded = t.load(in_http("geo $g {\n ranges;\n 255.254.255.255-255.255.255.254 top;\n"
                                 " delete 255.255.0.0-255.255.255.254;\n}\n"));
    const auto& geo = loaded.config.http->geos.at(0);
    REQUIRE(geo.range_buckets.size() == 2);
    const auto& below = geo.range_buckets.at(0xfffe);
    REQUIRE(below.size() == 1);
    CHECK((below[0].start == 0xffff && below[0].end == 0xffff && below[0].value == "top"));
    CHECK(geo.range_buckets.at(0xffff).empty());
}

TEST_CASE("geo proxy takes trusted networks, proxy_recursive walks past them", "[geo]") {
    TempPrefix t;
    auto loaded = t.load(in_http("geo $g {\n proxy 10.0.0.1/8;\n proxy ::1;\n proxy_recursive;\n default d;\n}\n"));
    const auto& geo = loaded.config.http->geos.at(0);
    REQUIRE(geo.proxies.size() == 2);
    CHECK(geo.proxies[0].addr[0] == 10);
    CHECK(geo.proxies[0].addr[3] == 0);  // masked
    CHECK(geo.proxies[1].inet6);
    CHECK(geo.proxy_recursive);
    CHECK(geo.networks.size() == 2);  // the proxies are no networks
    REQUIRE(loaded.config.warnings.size() == 1);
    CHECK(loaded.config.warnings[0].text().find("low address bits of 10.0.0.1/8 are meaningless") == 0);
}
