// The split_clients block (nginx's split_clients module) as the schema reads it: the parts' bounds as nginx
// sums them, and its messages.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse_test::in_http;
using confparse_test::TempPrefix;

TEST_CASE("split_clients parts get nginx's cumulated bounds", "[split_clients]") {
    TempPrefix t;
    auto loaded =
        t.load(in_http("split_clients ${remote_addr}AAA $variant {\n"
                       "  50% one;\n"
                       "  25.00% two;\n"
                       "  0.01% three;\n"
                       "  * rest;\n"
                       "}\n"));
    const auto& splits = loaded.config.http->split_clients;
    REQUIRE(splits.size() == 1);
    CHECK(splits[0].source == "${remote_addr}AAA");
    CHECK(splits[0].variable == "variant");
    const auto& parts = splits[0].parts;
    REQUIRE(parts.size() == 4);
    // each part adds its share of 0xffffffff, rounded down, to the sum of those before it
    CHECK(parts[0].bound == 2147483647u);
    CHECK(parts[1].bound == 2147483647u + 1073741823u);
    CHECK(parts[2].bound == 2147483647u + 1073741823u + 429496u);
    CHECK(parts[3].bound == 0);
    CHECK(parts[0].value == "one");
    CHECK(parts[3].value == "rest");
}

TEST_CASE("split_clients messages are nginx's", "[split_clients]") {
    TempPrefix t;
    auto error = [&](const std::string& text) { return t.error(in_http(text)); };
    CHECK(error("split_clients $uri $v {\n 50% a;\n 60% b;\n}\n") ==
          "percent total is greater than 100% in {P}conf/nginx.conf:6");
    CHECK(error("split_clients $uri $v {\n * a;\n 10% b;\n}\n") ==
          "percent total is greater than 100% in {P}conf/nginx.conf:6");
    CHECK(error("split_clients $uri $v {\n 0% a;\n}\n") == "invalid percent value \"0%\" in {P}conf/nginx.conf:4");
    CHECK(error("split_clients $uri $v {\n 50.123% a;\n}\n") ==
          "invalid percent value \"50.123%\" in {P}conf/nginx.conf:4");
    CHECK(error("split_clients $uri $v {\n a;\n}\n") == "invalid percent value \"a\" in {P}conf/nginx.conf:4");
    CHECK(error("split_clients $uri $v {\n .% a;\n}\n") == "invalid percent value \".%\" in {P}conf/nginx.conf:4");
    CHECK(error("split_clients $uri v {\n 50% a;\n}\n") == "invalid variable name \"v\" in {P}conf/nginx.conf:3");
    CHECK(error("split_clients $nope $v {\n 50% a;\n}\n") == "unknown \"nope\" variable");
    CHECK(error("split_clients $uri $v {\n 50% a {}\n}\n") == "unexpected \"{\" in {P}conf/nginx.conf:4");
    CHECK(error("server { split_clients $uri $v { * a; } }\n") ==
          "\"split_clients\" directive is not allowed here in {P}conf/nginx.conf:3");
    // as nginx: two "*" are not refused (the first takes the rest), nor a share that wraps to 0 in 32 bits
    CHECK(error("split_clients $uri $v {\n 50% a b;\n * c;\n * d;\n}\n").empty());
    CHECK(error("split_clients $uri $v {\n 42949672.96% a;\n}\n").empty());
}
