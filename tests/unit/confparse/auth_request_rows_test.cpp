// The auth_request module's directives: auth_request's URI or "off", auth_request_set's variables
// inherited only by a level that has none (nginx's merge) and defined as "set" defines them, and nginx's
// messages for bad arguments.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "temp_config.hpp"

using confparse_test::TempPrefix;

namespace {

std::string in_location(const std::string& body) {
    return "events {}\nhttp {\nserver {\nlisten 80;\nlocation / {\n" + body + "}\n}\n}\n";
}

}  // namespace

TEST_CASE("auth_request and auth_request_set are inherited as nginx merges them", "[auth_request]") {
    TempPrefix t;
    auto l = t.load(
        "events {}\nhttp {\nauth_request /auth;\nauth_request_set $user $upstream_http_x_user;\n"
        "server {\nlisten 80;\nlocation / { auth_request off; }\nlocation /own { auth_request_set $a 1;\n"
        "auth_request_set $b '$a-2'; }\nlocation /inherited {}\n}\n}\n");
    const auto& locations = l.config.http->servers.at(0).locations;
    const auto& off = locations.at(0).scope;
    CHECK(off.auth_request->empty());
    REQUIRE(off.auth_request_set->size() == 1);
    CHECK((*off.auth_request_set)[0].name == "user");
    CHECK((*off.auth_request_set)[0].value == "$upstream_http_x_user");
    const auto& own = locations.at(1).scope;
    CHECK(*own.auth_request == "/auth");
    REQUIRE(own.auth_request_set->size() == 2);
    CHECK((*own.auth_request_set)[1].name == "b");
    CHECK(*locations.at(2).scope.auth_request == "/auth");
}

TEST_CASE("without auth_request a level asks no subrequest", "[auth_request]") {
    TempPrefix t;
    auto l = t.load(in_location(""));
    const auto& scope = l.config.http->servers.at(0).locations.at(0).scope;
    CHECK(scope.auth_request->empty());
    CHECK(scope.auth_request_set->empty());
}

TEST_CASE("auth_request_set's variables are known everywhere, as set's", "[auth_request]") {
    TempPrefix t;
    CHECK(t.error("events {}\nhttp {\nserver {\nlisten 80;\nlocation / { return 200 $user; }\n"
                  "location /a { auth_request_set $user 1; }\n}\n}\n")
              .empty());
    CHECK(t.error(in_location("auth_request_set $args a=1;\nauth_request_set $limit_rate 1k;\n")).empty());
    // as nginx: unset, those auth_request_set defined first are empty without a warning
    auto l = t.load(in_location("set $a 1;\nauth_request_set $a 2;\nauth_request_set $b 3;\nset $b 4;\n"));
    CHECK(l.config.http->variables == std::set<std::string>{"a", "b"});
    CHECK(l.config.http->quiet_variables == std::set<std::string>{"b"});
}

TEST_CASE("auth_request directives refuse bad arguments with nginx's messages", "[auth_request]") {
    TempPrefix t;
    CHECK(t.error(in_location("auth_request /a;\nauth_request off;\n")) ==
          "\"auth_request\" directive is duplicate in {P}conf/nginx.conf:7");
    CHECK(t.error(in_location("auth_request /a /b;\n")) ==
          "invalid number of arguments in \"auth_request\" directive in {P}conf/nginx.conf:6");
    CHECK(t.error(in_location("auth_request_set $u;\n")) ==
          "invalid number of arguments in \"auth_request_set\" directive in {P}conf/nginx.conf:6");
    CHECK(t.error(in_location("auth_request_set u 1;\n")) == "invalid variable name \"u\" in {P}conf/nginx.conf:6");
    CHECK(t.error(in_location("auth_request_set '' 1;\n")) == "invalid variable name \"\" in {P}conf/nginx.conf:6");
    CHECK(t.error(in_location("auth_request_set $ 1;\n")) == "invalid variable name \"$\" in {P}conf/nginx.conf:6");
    CHECK(t.error(in_location("auth_request_set $uri 1;\n")) ==
          "the duplicate \"uri\" variable in {P}conf/nginx.conf:6");
    CHECK(t.error(in_location("auth_request_set $u $nosuch;\n")) == "unknown \"nosuch\" variable");
    CHECK(t.error(in_location("auth_request_set $u \"${x\";\n")) ==
          "the closing bracket in \"x\" variable is missing in {P}conf/nginx.conf:6");
    CHECK(t.error("events {}\nhttp {\nserver {\nlisten 80;\nlocation / { if ($uri) { auth_request /a; } }\n}\n}\n") ==
          "\"auth_request\" directive is not allowed here in {P}conf/nginx.conf:5");
}
