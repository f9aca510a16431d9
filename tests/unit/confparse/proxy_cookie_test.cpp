// proxy_cookie_domain, proxy_cookie_path and proxy_cookie_flags: rules, "off", inheritance, and messages.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse::RedirectRule;
using confparse_test::in_server;
using confparse_test::TempPrefix;

TEST_CASE("proxy_cookie_domain: regexes are caseless, a plain domain and its replacement lose a leading dot",
          "[proxy_cookie]") {
    TempPrefix t;
    auto l =
        t.load(in_server("location / { proxy_cookie_domain .a.example .b.example;\n"
                         "proxy_cookie_domain ~^(?<sub>.+)\\.c$ .$sub.d; }\n"));
    const auto& rules = *l.config.http->servers[0].locations[0].scope.proxy_cookie_domain;
    REQUIRE(rules.size() == 2);
    CHECK((rules[0].kind == RedirectRule::Kind::Prefix && rules[0].pattern == "a.example"));
    CHECK(rules[0].replacement == "b.example");
    CHECK((rules[1].kind == RedirectRule::Kind::RegexCaseless && rules[1].pattern == "^(?<sub>.+)\\.c$"));
    CHECK(rules[1].replacement == ".$sub.d");
}

TEST_CASE("proxy_cookie_path and proxy_cookie_flags read as nginx", "[proxy_cookie]") {
    TempPrefix t;
    auto l =
        t.load(in_server("location / { proxy_cookie_path /a/ /b/; proxy_cookie_path ~*^/C(.*) /$1;\n"
                         "proxy_cookie_path ~^/d /e;\n"
                         "proxy_cookie_flags one secure; proxy_cookie_flags ~^t $arg_f httponly nosamesite; }\n"));
    const auto& scope = l.config.http->servers[0].locations[0].scope;
    const auto& paths = *scope.proxy_cookie_path;
    REQUIRE(paths.size() == 3);
    CHECK((paths[0].kind == RedirectRule::Kind::Prefix && paths[0].pattern == "/a/"));
    CHECK((paths[1].kind == RedirectRule::Kind::RegexCaseless && paths[1].pattern == "^/C(.*)"));
    CHECK((paths[2].kind == RedirectRule::Kind::Regex && paths[2].pattern == "^/d"));
    const auto& flags = *scope.proxy_cookie_flags;
    REQUIRE(flags.size() == 2);
    CHECK((!flags[0].regex && flags[0].cookie == "one" && flags[0].flags == std::vector<std::string>{"secure"}));
    CHECK((flags[1].regex && flags[1].cookie == "^t"));
    CHECK(flags[1].flags == std::vector<std::string>{"$arg_f", "httponly", "nosamesite"});
}

TEST_CASE("proxy_cookie_*: a level without rules takes its parent's, off stops them", "[proxy_cookie][merge]") {
    TempPrefix t;
    auto l =
        t.load(in_server("proxy_cookie_domain a b; proxy_cookie_flags c secure;\n"
                         "location /own/ { proxy_cookie_domain x y; proxy_cookie_domain z w; }\n"
                         "location /off/ { proxy_cookie_flags off; location /off/in/ { } }\n"
                         "location /none/ { }\n"));
    const auto& locations = l.config.http->servers[0].locations;
    REQUIRE(locations[0].scope.proxy_cookie_domain->size() == 2);
    CHECK(locations[0].scope.proxy_cookie_domain->front().pattern == "x");
    CHECK(locations[0].scope.proxy_cookie_flags->size() == 1);
    CHECK(locations[1].scope.proxy_cookie_flags->empty());
    CHECK(locations[1].locations[0].scope.proxy_cookie_flags->empty());
    CHECK(locations[1].locations[0].scope.proxy_cookie_domain->front().pattern == "a");
    CHECK(locations[2].scope.proxy_cookie_domain->size() == 1);
    CHECK(locations[2].scope.proxy_cookie_path->empty());
    CHECK(l.config.http->scope.proxy_cookie_path->empty());
}

TEST_CASE("proxy_cookie_* refuse what nginx refuses", "[proxy_cookie]") {
    TempPrefix t;
    for (std::string name : {"proxy_cookie_domain", "proxy_cookie_path", "proxy_cookie_flags"}) {
        std::string duplicate = "\"" + name + "\" directive is duplicate in {P}conf/nginx.conf:5";
        CHECK(t.error(in_server("location / { " + name + " off; " + name + " off; }\n")) == duplicate);
        CHECK(t.error(in_server("location / { " + name + " off; " + name + " a b; }\n")) == duplicate);
        CHECK(t.error(in_server("location / { " + name + " a b; " + name + " off; }\n")) == duplicate);
        CHECK(t.error(in_server("location / { " + name + " Off; }\n")) ==
              "invalid parameter \"Off\" in {P}conf/nginx.conf:5");
        CHECK(t.error(in_server("location / { " + name + " a b; " + name + " on; }\n")) ==
              "invalid parameter \"on\" in {P}conf/nginx.conf:5");
        CHECK(t.error(in_server("location / { " + name + " a $nosuch; }\n")) == "unknown \"nosuch\" variable");
    }
    CHECK(t.error(in_server("proxy_cookie_domain a b c;\n")) ==
          "invalid number of arguments in \"proxy_cookie_domain\" directive in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("proxy_cookie_flags a secure httponly samesite=lax nosecure;\n")) ==
          "invalid number of arguments in \"proxy_cookie_flags\" directive in {P}conf/nginx.conf:5");
    // as nginx 1.22: flags are texts read per response, so unknown or repeated ones pass
    CHECK(t.error(in_server("proxy_cookie_flags a secure secure bogus;\n")).empty());
    CHECK(t.error(in_server("proxy_cookie_domain off b;\n")).empty());  // "off" is a domain here
}
