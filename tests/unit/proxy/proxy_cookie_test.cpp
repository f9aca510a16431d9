// Set-Cookie lines rewritten by proxy_cookie_domain, proxy_cookie_path and proxy_cookie_flags, as nginx 1.22.
#include <catch2/catch.hpp>

#include "../confparse/temp_config.hpp"
#include "proxy/proxy_cookie.hpp"
#include "proxy/runtime.hpp"

using proxy::CookieAttribute;

namespace {

struct Rewriting {
    confparse_test::TempPrefix dir;
    proxy::Runtime runtime;
    proxy::ConnectionContext connection;

    explicit Rewriting(const std::string& location)
        : runtime(dir.load("error_log logs/error.log;\nevents {}\nhttp {\naccess_log off;\nserver {\n"
                           "listen 127.0.0.1:18096;\nserver_name localhost;\nlocation / {\n" +
                           location + "\n}\n}\n}\n")
                      .config) {}

    // The Set-Cookie value the client gets for `value`, and the request's state after.
    std::string operator()(const std::string& value, const std::string& args = "") {
        r = proxy::RequestContext();
        r.connection = &connection;
        r.server = &runtime.http().servers.front();
        r.location = &r.server->locations.front();
        r.uri = "/";
        r.args = args;
        r.has_args = !args.empty();
        std::string out = value;
        changed = proxy::rewrite_cookie(runtime, r, r.location->scope, out);
        return out;
    }

    proxy::RequestContext r;
    bool changed = false;
};

std::vector<std::string> names(const std::vector<CookieAttribute>& attributes) {
    std::vector<std::string> out;
    for (const auto& a : attributes) out.push_back(a.name + (a.has_value ? "=" + a.value : ""));
    return out;
}

}  // namespace

TEST_CASE("parse_cookie splits at ';' and trims spaces as nginx; join_cookie writes '; '", "[proxy_cookie]") {
    auto attributes = proxy::parse_cookie("  a = b c ;Path=/x;; Secure ;Domain= ;x=y=z");
    CHECK(names(attributes) == std::vector<std::string>{"a=b c", "Path=/x", "", "Secure", "Domain=", "x=y=z"});
    CHECK(proxy::join_cookie(attributes) == "a=b c; Path=/x; ; Secure; Domain=; x=y=z");
    attributes[3].removed = true;
    CHECK(proxy::join_cookie(attributes) == "a=b c; Path=/x; ; Domain=; x=y=z");
    CHECK(names(proxy::parse_cookie("")) == std::vector<std::string>{""});
    CHECK_FALSE(proxy::parse_cookie("flag").front().has_value);
}

TEST_CASE("cookie_flag knows nginx's flags without case", "[proxy_cookie]") {
    CHECK(proxy::cookie_flag("SECURE") == proxy::kCookieSecure);
    CHECK(proxy::cookie_flag("SameSite=Lax") == proxy::kCookieSameSiteLax);
    CHECK(proxy::cookie_flag("nosamesite") == proxy::kCookieNoSameSite);
    CHECK(proxy::cookie_flag("samesite") == 0);
    CHECK(proxy::cookie_flag("") == 0);
}

TEST_CASE("edit_cookie_flags: changed in place, removed, or appended in nginx's order", "[proxy_cookie]") {
    auto edit = [](const std::string& value, unsigned flags) {
        auto attributes = proxy::parse_cookie(value);
        proxy::edit_cookie_flags(attributes, flags);
        return proxy::join_cookie(attributes);
    };
    using namespace proxy;
    CHECK(edit("a=1", kCookieSameSiteNone | kCookieHttpOnly | kCookieSecure) == "a=1; Secure; HttpOnly; SameSite=None");
    CHECK(edit("a=1;samesite=LAX;secure", kCookieSameSiteLax | kCookieSecure) == "a=1; samesite=LAX; secure");
    CHECK(edit("a=1; SameSite=Lax", kCookieSameSiteStrict) == "a=1; SameSite=Strict");
    CHECK(edit("a=1; samesite", kCookieSameSiteNone) == "a=1; SameSite=None");
    CHECK(edit("a=1; Secure; HTTPONLY; SameSite=Lax; Path=/",
               kCookieNoSecure | kCookieNoHttpOnly | kCookieNoSameSite) == "a=1; Path=/");
    // as nginx, the set flag wins over its "no" pair, once: a second Secure then goes
    CHECK(edit("a=1; Secure; Secure", kCookieSecure | kCookieNoSecure) == "a=1; Secure");
    CHECK(edit("secure=1", kCookieNoSecure) == "secure=1");  // the cookie itself is never a flag
}

TEST_CASE("proxy_cookie_domain: whole domains without case, a leading dot kept; regexes", "[proxy_cookie]") {
    Rewriting rewrite(R"(
        proxy_cookie_domain www.example.org .example.com;
        proxy_cookie_domain .$server_name.com en.$server_name.org;
        proxy_cookie_domain ~^(.+)\.com$ $1.org;
    )");
    CHECK(rewrite("v=1; Domain=www.Example.org") == "v=1; Domain=example.com");
    CHECK(rewrite("v=1; Domain=.LocalHost.com") == "v=1; Domain=.en.localhost.org");
    CHECK(rewrite("v=1; domain = www.example.COM ;path=/") == "v=1; domain=www.example.org; path=/");
    CHECK(rewrite.r.captures.at(1) == "www.example");
    CHECK(rewrite("v=1; Domain=sub.www.example.org") == "v=1; Domain=sub.www.example.org");
    CHECK(rewrite("v=1;  Domain=other.net") == "v=1;  Domain=other.net");  // no rule matched: as it came
    CHECK_FALSE(rewrite.changed);
    CHECK(rewrite("v; Domain=www.example.org") == "v; Domain=www.example.org");  // no "name=value": left alone
    CHECK(rewrite("v=1; Domain") == "v=1; Domain");
}

TEST_CASE("proxy_cookie_path: prefixes with case, regexes with captures", "[proxy_cookie]") {
    Rewriting rewrite(R"(
        proxy_cookie_path /path/ /new/;
        proxy_cookie_path /$server_name/ /new/$server_name/;
        proxy_cookie_path ~^/regex/(.+)$ /$1;
        proxy_cookie_path ~*^/caseless/(?<rest>.+)$ /c/$rest;
    )");
    CHECK(rewrite("v=1; Path=/path/test.html") == "v=1; Path=/new/test.html");
    CHECK(rewrite("v=1; Path=/PATH/test.html") == "v=1; Path=/PATH/test.html");
    CHECK(rewrite("v=1; Path=/localhost/x") == "v=1; Path=/new/localhost/x");
    CHECK(rewrite("v=1; Path=/regex/test.html") == "v=1; Path=/test.html");
    CHECK(rewrite("v=1; Path=/CASEless/t") == "v=1; Path=/c/t");
    CHECK(rewrite.r.variables.at("rest") == "t");
    // every Path attribute is rewritten, each by the first rule that matches it
    CHECK(rewrite("v=1; Path=/path/a; PATH=/regex/b") == "v=1; Path=/new/a; PATH=/b");
}

TEST_CASE("proxy_cookie_flags: the first rule whose name or regex matches", "[proxy_cookie]") {
    Rewriting rewrite(R"(
        proxy_cookie_flags a secure httponly samesite=none;
        proxy_cookie_flags ~^a httponly;
        proxy_cookie_flags $arg_name secure;
        proxy_cookie_flags ~(?<n>BAR) $arg_f1 $arg_f2 bogus;
    )");
    CHECK(rewrite("A=1;SameSite=Lax") == "A=1; SameSite=None; Secure; HttpOnly");
    CHECK(rewrite("ab=1") == "ab=1; HttpOnly");
    CHECK(rewrite("v=1", "name=V") == "v=1; Secure");
    CHECK(rewrite("foobarbaz=1; Secure", "f1=nosecure&f2=samesite=strict") == "foobarbaz=1; SameSite=Strict");
    CHECK(rewrite.r.variables.at("n") == "bar");
    CHECK(rewrite("foobar=1;secure", "f1=&f2=") == "foobar=1;secure");  // no flag named: left alone
    CHECK_FALSE(rewrite.changed);
    CHECK(rewrite("other=1;secure") == "other=1;secure");
}

TEST_CASE("domain, path and flags together; no rules at all", "[proxy_cookie]") {
    Rewriting rewrite(R"(
        proxy_cookie_domain a.example b.example;
        proxy_cookie_path / /app/;
        proxy_cookie_flags ~ secure;
    )");
    CHECK(rewrite("s=1;path=/x;DOMAIN=A.example;") == "s=1; path=/app/x; DOMAIN=b.example; ; Secure");
    Rewriting none("");
    CHECK_FALSE(proxy::rewrites_cookies(none.runtime.http().servers.front().locations.front().scope));
}
