// proxy_redirect, proxy_method and proxy_set_body: rules, nginx's "default", inheritance, and messages.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse::RedirectRule;
using confparse_test::in_server;
using confparse_test::TempPrefix;

TEST_CASE("proxy_pass without proxy_redirect gets nginx's default rule", "[proxy_redirect][merge]") {
    TempPrefix t;
    auto l = t.load(in_server("location /a/ { proxy_pass http://127.0.0.1:81/b/; }\n"
                              "location /c/ { proxy_pass http://127.0.0.1:81; }\n"
                              "location /none/ { }\n"));
    const auto& locations = l.config.http->servers[0].locations;
    const auto& with_uri = locations[0].scope.proxy_redirect->rules;
    REQUIRE(with_uri.size() == 1);
    CHECK(with_uri[0].pattern == "http://127.0.0.1:81/b/");
    CHECK(with_uri[0].replacement == "/a/");
    const auto& without_uri = locations[1].scope.proxy_redirect->rules;
    REQUIRE(without_uri.size() == 1);
    CHECK(without_uri[0].pattern == "http://127.0.0.1:81/");
    CHECK(without_uri[0].replacement == "/");
    CHECK_FALSE(locations[2].scope.proxy_redirect.is_set());
    CHECK(locations[0].auto_redirect);
}

TEST_CASE("explicit rules, off, and what nested locations inherit", "[proxy_redirect][merge]") {
    TempPrefix t;
    auto l = t.load(in_server("location /off/ { proxy_pass http://127.0.0.1:81/; proxy_redirect off;\n"
                              "  location /off/on/ { proxy_pass http://127.0.0.1:81; proxy_redirect http://x/ /;\n"
                              "    proxy_redirect ~*^(.+)/re$ $1; proxy_redirect default;\n"
                              "    location /off/on/in/ { proxy_pass http://127.0.0.1:82; } }\n"
                              "  location /off/inherit/ { proxy_pass http://127.0.0.1:83; } }\n"));
    const auto& off = l.config.http->servers[0].locations[0];
    CHECK(off.scope.proxy_redirect->off);
    const auto& on = off.locations[0];
    const auto& rules = on.scope.proxy_redirect->rules;
    REQUIRE(rules.size() == 3);
    CHECK(rules[0].kind == RedirectRule::Kind::Prefix);
    CHECK(rules[1].kind == RedirectRule::Kind::RegexCaseless);
    CHECK(rules[1].pattern == "^(.+)/re$");
    CHECK(rules[2].pattern == "http://127.0.0.1:81/");  // "default" as written after proxy_pass
    CHECK(on.locations[0].scope.proxy_redirect->rules.size() == 3);  // as nginx: the parent's, not a default
    CHECK(off.locations[1].scope.proxy_redirect->off);
}

TEST_CASE("proxy_redirect refuses what nginx refuses", "[proxy_redirect]") {
    TempPrefix t;
    CHECK(t.error(in_server("location / { proxy_redirect default; }\n")) ==
          "\"proxy_redirect default\" should be placed after the \"proxy_pass\" directive in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("location / { proxy_redirect off; proxy_redirect a b; }\n")) ==
          "\"proxy_redirect\" directive is duplicate in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("location / { proxy_redirect a b; proxy_redirect off; }\n")) ==
          "\"proxy_redirect\" directive is duplicate in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("location / { proxy_redirect on; }\n")) == "invalid parameter \"on\" in {P}conf/nginx.conf:5");
}

TEST_CASE("proxy_method and proxy_set_body are inherited and may hold variables", "[proxy_method][proxy_set_body][merge]") {
    TempPrefix t;
    auto l = t.load(in_server("proxy_method POST;\nproxy_set_body \"a=$arg_a\";\n"
                              "location /a { proxy_method $arg_m; proxy_set_body own; }\nlocation /b { }\n"));
    const auto& locations = l.config.http->servers[0].locations;
    CHECK(*locations[0].scope.proxy_method == "$arg_m");
    CHECK(*locations[0].scope.proxy_set_body == "own");
    CHECK(*locations[1].scope.proxy_method == "POST");
    CHECK(*locations[1].scope.proxy_set_body == "a=$arg_a");
    auto plain = t.load(in_server("location / { }\n"));
    const auto& unset = plain.config.http->servers[0].locations[0].scope;
    CHECK(*unset.proxy_method == "");
    CHECK(*unset.proxy_set_body == "");
    CHECK(t.error(in_server("proxy_method $nosuch;\n")) == "unknown \"nosuch\" variable");
}
