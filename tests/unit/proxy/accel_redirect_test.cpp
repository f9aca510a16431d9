// X-Accel-Redirect's URI, checked and split as nginx's ngx_http_parse_unsafe_uri, and the headers kept.
#include <catch2/catch.hpp>

#include "proxy/accel_redirect.hpp"

using proxy::parse_unsafe_uri;

TEST_CASE("a safe X-Accel-Redirect URI is split at '?' and its path decoded", "[accel_redirect]") {
    auto plain = parse_unsafe_uri("/index.html");
    REQUIRE(plain);
    CHECK(plain->uri == "/index.html");
    CHECK(plain->args.empty());
    auto with_args = parse_unsafe_uri("/foo?bar=%20");
    REQUIRE(with_args);
    CHECK(with_args->uri == "/foo");
    CHECK(with_args->args == "bar=%20");  // arguments stay as sent
    auto escaped = parse_unsafe_uri("/foo%20bar%2");
    REQUIRE(escaped);
    CHECK(escaped->uri == "/foo bar%2");
    CHECK(parse_unsafe_uri("/a/..b/c..")->uri == "/a/..b/c..");
}

TEST_CASE("an unsafe X-Accel-Redirect URI is refused", "[accel_redirect]") {
    for (const char* unsafe : {"", "?a", "..", "../foo", "/foo/..", "/foo/../bar", "/foo/.%2e", "/a%00b"}) {
        INFO(unsafe);
        CHECK(!parse_unsafe_uri(unsafe));
    }
    CHECK(!parse_unsafe_uri(std::string_view("/a\0b", 4)));
    CHECK(parse_unsafe_uri("/foo?/../x"));  // arguments are not a path
}

TEST_CASE("the headers nginx keeps for the redirected request", "[accel_redirect]") {
    for (const char* kept : {"Set-Cookie", "content-disposition", "Cache-Control", "Expires", "Accept-Ranges"}) {
        INFO(kept);
        CHECK(proxy::kept_on_accel_redirect(kept));
    }
    CHECK(!proxy::kept_on_accel_redirect("Something"));
    CHECK(!proxy::kept_on_accel_redirect("Location"));
}
