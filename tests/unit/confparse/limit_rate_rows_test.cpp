// limit_rate and limit_rate_after: sizes (or texts with variables) at every http level and in "if", merged
// down.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse_test::TempPrefix;

TEST_CASE("limit_rate and limit_rate_after merge down, 0 by default", "[limit_rate]") {
    TempPrefix t;
    auto l = t.load("events {}\nhttp {\nlimit_rate 10k;\nserver {\nlisten 80;\n"
                    "location /a { limit_rate_after 1m; }\nlocation /b { limit_rate 0; }\n}\n}\n");
    const auto& server = l.config.http->servers.at(0);
    const auto& a = server.locations.at(0).scope;
    const auto& b = server.locations.at(1).scope;
    CHECK(a.limit_rate->size == 10240);
    CHECK(a.limit_rate_after->size == 1024 * 1024);
    CHECK(b.limit_rate->size == 0);
    CHECK(b.limit_rate_after->size == 0);
    CHECK((a.limit_rate->text.empty() && b.limit_rate_after->text.empty()));
}

TEST_CASE("limit_rate and limit_rate_after with variables are kept as texts", "[limit_rate]") {
    TempPrefix t;
    auto l = t.load("events {}\nhttp {\nserver {\nlisten 80;\n"
                    "location / { limit_rate $arg_l; limit_rate_after ${arg_a}k; }\n}\n}\n");
    const auto& scope = l.config.http->servers.at(0).locations.at(0).scope;
    CHECK(scope.limit_rate->text == "$arg_l");
    CHECK(scope.limit_rate_after->text == "${arg_a}k");
    CHECK(t.error("events {}\nhttp {\nlimit_rate $nosuch;\n}\n") == "unknown \"nosuch\" variable");
}

TEST_CASE("limit_rate refuses what nginx refuses, with its messages", "[limit_rate]") {
    TempPrefix t;
    auto conf = [](const std::string& line) { return "events {}\nhttp {\n" + line + "\n}\n"; };
    CHECK(t.error(conf("limit_rate fast;")) == "\"limit_rate\" directive invalid value in {P}conf/nginx.conf:3");
    CHECK(t.error(conf("limit_rate 1k; limit_rate 2k;")) == "\"limit_rate\" directive is duplicate in {P}conf/nginx.conf:3");
    CHECK(t.error(conf("limit_rate_after;")) ==
          "invalid number of arguments in \"limit_rate_after\" directive in {P}conf/nginx.conf:3");
}
