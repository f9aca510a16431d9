// allow and deny (nginx's access module), satisfy, auth_delay and nproxy_status, as the schema reads them.
#include <catch2/catch.hpp>

#include "confparse/access_rule.hpp"
#include "temp_config.hpp"

using confparse::AccessRule;
using confparse::read_access_rule;
using confparse_test::in_server;
using confparse_test::TempPrefix;

namespace {

std::string rule_text(const AccessRule& r) {
    std::string out = r.deny ? "deny " : "allow ";
    if (r.family == AccessRule::Family::All) return out + "all";
    if (r.family == AccessRule::Family::Unix) return out + "unix:";
    const std::size_t n = r.family == AccessRule::Family::Inet ? 4 : 16;
    for (std::size_t i = 0; i < n; ++i) out += std::to_string(r.addr[i]) + (i + 1 < n ? "." : "/");
    for (std::size_t i = 0; i < n; ++i) out += std::to_string(r.mask[i]) + (i + 1 < n ? "." : "");
    return out;
}

std::string read(std::string_view text) {
    auto rule = read_access_rule(text, false);
    return rule ? rule_text(*rule) : "invalid";
}

}  // namespace

TEST_CASE("allow and deny read addresses and CIDR blocks as nginx's ngx_ptocidr", "[access]") {
    CHECK(read("all") == "allow all");
    CHECK(read("unix:") == "allow unix:");
    CHECK(read("192.168.1.7") == "allow 192.168.1.7/255.255.255.255");
    CHECK(read("10.0.0.0/8") == "allow 10.0.0.0/255.0.0.0");
    CHECK(read("10.1.2.3/8") == "allow 10.0.0.0/255.0.0.0");  // nginx: "low address bits ... are meaningless"
    CHECK(read("172.16.0.0/12") == "allow 172.16.0.0/255.240.0.0");
    CHECK(read("0.0.0.0/0") == "allow 0.0.0.0/0.0.0.0");
    CHECK(read("::1") == "allow " + std::string("0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1/") +
                             "255.255.255.255.255.255.255.255.255.255.255.255.255.255.255.255");
    CHECK(read("2001:db8::/33") ==
          "allow 32.1.13.184.0.0.0.0.0.0.0.0.0.0.0.0/255.255.255.255.128.0.0.0.0.0.0.0.0.0.0.0");
    for (const char* bad : {"localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x",
                            "::1/129", "255.255.255.255", "unix:/tmp/x", "All", ""}) {
        INFO(bad);
        CHECK(read(bad) == "invalid");
    }
}

TEST_CASE("allow and deny keep their order; a level with rules of its own inherits none", "[access]") {
    TempPrefix t;
    auto l = t.load(
        "events {}\nhttp {\nallow 10.0.0.0/8;\ndeny all;\nserver {\nlisten 8080;\n"
        "location /own { deny 192.168.0.1; allow ::1; }\nlocation /inherit { }\n}\n"
        "server {\nlisten 8081;\nallow 127.0.0.1;\nlocation / { }\n}\n}\n");
    const auto& http = *l.config.http;
    REQUIRE(http.scope.access->size() == 2);
    CHECK(rule_text((*http.scope.access)[0]) == "allow 10.0.0.0/255.0.0.0");
    CHECK(rule_text((*http.scope.access)[1]) == "deny all");
    const auto& own = *http.servers[0].locations[0].scope.access;
    REQUIRE(own.size() == 2);
    CHECK(rule_text(own[0]) == "deny 192.168.0.1/255.255.255.255");
    CHECK(own[1].family == AccessRule::Family::Inet6);
    CHECK(http.servers[0].locations[1].scope.access->size() == 2);  // http's
    const auto& second = *http.servers[1].locations[0].scope.access;
    REQUIRE(second.size() == 1);
    CHECK(rule_text(second[0]) == "allow 127.0.0.1/255.255.255.255");
}

TEST_CASE("allow and deny: nginx's errors", "[access]") {
    TempPrefix t;
    CHECK(t.error(in_server("allow 10.0.0.300;\n")) == "invalid parameter \"10.0.0.300\" in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("deny;\n")) == "invalid number of arguments in \"deny\" directive in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("allow a b;\n")) ==
          "invalid number of arguments in \"allow\" directive in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("location / { if ($uri) { deny all; } }\n")) ==
          "\"deny\" directive is not allowed here in {P}conf/nginx.conf:5");
    CHECK(t.error("events {}\nallow all;\n") == "\"allow\" directive is not allowed here in {P}conf/nginx.conf:2");
}

TEST_CASE("nproxy_status goes in a location and takes no argument", "[access]") {
    TempPrefix t;
    auto l = t.load(in_server("location = /status { nproxy_status; allow 127.0.0.1; deny all; }\n"));
    CHECK(l.config.http->servers[0].locations[0].nproxy_status);
    CHECK(t.error(in_server("nproxy_status;\n")) ==
          "\"nproxy_status\" directive is not allowed here in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("location / { nproxy_status on; }\n")) ==
          "invalid number of arguments in \"nproxy_status\" directive in {P}conf/nginx.conf:5");
}

TEST_CASE("address bits beyond the mask are dropped with nginx's warning", "[access]") {
    TempPrefix t;
    auto l = t.load(in_server("allow 10.1.2.3/8;\ndeny 10.0.0.0/8;\nlocation / { deny 2001:db8::1/32; }\n"));
    REQUIRE(l.config.warnings.size() == 2);
    CHECK(l.config.warnings[0].level() == "warn");
    CHECK(l.config.warnings[0].message() == "low address bits of 10.1.2.3/8 are meaningless");
    CHECK(l.config.warnings[0].where().line == 5);
    CHECK(l.config.warnings[1].message() == "low address bits of 2001:db8::1/32 are meaningless");
    CHECK(rule_text((*l.config.http->servers[0].scope.access)[0]) == "allow 10.0.0.0/255.0.0.0");
}

TEST_CASE("satisfy: all by default, any or all on a level, inherited by locations and limit_except", "[access]") {
    using confparse::Satisfy;
    TempPrefix t;
    auto l = t.load(
        "events {}\nhttp {\nserver {\nlisten 8080;\nsatisfy ANY;\nlocation /a { limit_except GET { deny all; } }\n"
        "location /b { satisfy all; }\n}\nserver {\nlisten 8081;\nlocation / { }\n}\n}\n");
    const auto& http = *l.config.http;
    CHECK(*http.servers[0].scope.satisfy == Satisfy::Any);
    const auto& a = http.servers[0].locations[0];
    CHECK(*a.scope.satisfy == Satisfy::Any);
    REQUIRE(a.locations.size() == 1);
    CHECK(*a.locations[0].scope.satisfy == Satisfy::Any);
    CHECK(*http.servers[0].locations[1].scope.satisfy == Satisfy::All);
    CHECK(*http.servers[1].locations[0].scope.satisfy == Satisfy::All);
}

TEST_CASE("satisfy: nginx's errors", "[access]") {
    TempPrefix t;
    CHECK(t.error(in_server("satisfy some;\n")) == "invalid value \"some\" in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("satisfy any;\nsatisfy any;\n")) ==
          "\"satisfy\" directive is duplicate in {P}conf/nginx.conf:6");
    CHECK(t.error(in_server("satisfy any all;\n")) ==
          "invalid number of arguments in \"satisfy\" directive in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("location / { limit_except GET { satisfy any; } }\n")) ==
          "\"satisfy\" directive is not allowed here in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("location / { if ($uri) { satisfy any; } }\n")) ==
          "\"satisfy\" directive is not allowed here in {P}conf/nginx.conf:5");
    CHECK(t.error("events {}\nsatisfy any;\n") == "\"satisfy\" directive is not allowed here in {P}conf/nginx.conf:2");
}

TEST_CASE("auth_delay: 0 by default, a time on a level, inherited; nginx's errors", "[access]") {
    TempPrefix t;
    auto l = t.load(in_server("auth_delay 2s;\nlocation /a { }\nlocation /b { auth_delay 0; }\n"));
    const auto& server = l.config.http->servers[0];
    CHECK(*server.locations[0].scope.auth_delay == 2000);
    CHECK(*server.locations[1].scope.auth_delay == 0);
    CHECK(*t.load(in_server("location / { }\n")).config.http->servers[0].locations[0].scope.auth_delay == 0);
    CHECK(t.error(in_server("auth_delay abc;\n")) == "\"auth_delay\" directive invalid value in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("auth_delay 1s;\nauth_delay 2s;\n")) ==
          "\"auth_delay\" directive is duplicate in {P}conf/nginx.conf:6");
    CHECK(t.error(in_server("location / { limit_except GET { auth_delay 1s; } }\n")) ==
          "\"auth_delay\" directive is not allowed here in {P}conf/nginx.conf:5");
}
