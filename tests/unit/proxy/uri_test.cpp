// Request targets as nginx reads them, and its URI escaping.
#include <catch2/catch.hpp>

#include "proxy/uri.hpp"

TEST_CASE("targets: a fragment is dropped from the path and the arguments") {
    auto dot = proxy::parse_target("/foo/bar/.#frag", true);
    REQUIRE(dot);
    CHECK(dot->path == "/foo/bar/");
    CHECK_FALSE(dot->has_args);
    auto args = proxy::parse_target("/a?x=1#frag", true);
    REQUIRE(args);
    CHECK(args->path == "/a");
    CHECK(args->args == "x=1");
}

TEST_CASE("targets: an absolute target without a path has the path \"/\"") {
    auto t = proxy::parse_target("http://localhost:8080?args#frag", true);
    REQUIRE(t);
    CHECK(t->host == "localhost");
    CHECK(t->path == "/");
    CHECK(t->args == "args");
    auto bare = proxy::parse_target("http://localhost", true);
    REQUIRE(bare);
    CHECK(bare->path == "/");
    CHECK_FALSE(bare->has_args);
}

TEST_CASE("targets: an absolute target's scheme, host and port follow nginx's request-line grammar") {
    auto t = proxy::parse_target("ftp://[V0A.B:C]:123456/x", true);
    REQUIRE(t);
    CHECK(t->host == "[v0a.b:c]");
    CHECK(t->path == "/x");
    CHECK(proxy::parse_target("http://WWW.Example.COM./", true)->host == "www.example.com");
    CHECK(proxy::parse_target("http://a.b:80/x?y", true)->origin_start == 13);  // where "/x?y" begins
    CHECK(proxy::parse_target("http://a.b?y", true)->origin_start == 10);
    CHECK(proxy::parse_target("/x", true)->origin_start == 0);
    for (const char* bad : {"http:///", "http://./", "http://a..b/", "http://123.40.56.78:9000:80/",
                            "http://example.com.:1.2/", "http://\\e/xample.com/", "http://[::1].:98/",
                            "http://extra[::1]/", "http://[::1/", "http://[ab\\::1]/", "http://a#b/",
                            "http:/a/", "1http://a/", "http//a/"}) {
        INFO(bad);
        CHECK_FALSE(proxy::parse_target(bad, true));
    }
}

TEST_CASE("targets: a refused target tells whether its host was the reason") {
    bool bad_host = false;
    CHECK_FALSE(proxy::parse_target("http://a..b/", true, &bad_host));
    CHECK(bad_host);
    bad_host = false;
    CHECK_FALSE(proxy::parse_target("http://a@b/", true, &bad_host));
    CHECK_FALSE(bad_host);  // nginx's request-line grammar refuses it first
    CHECK_FALSE(proxy::parse_target("/../x", true, &bad_host));
    CHECK_FALSE(bad_host);
}

TEST_CASE("targets: paths with and without anything to decode or resolve") {
    struct Case {
        const char* target;
        bool merge_slashes;
        const char* path;
    };
    for (const Case& c : std::initializer_list<Case>{
             {"/", true, "/"}, {"/a/b/", true, "/a/b/"}, {"/a.b/c.", true, "/a.b/c."}, {"/a//b", false, "/a//b"},
             {"/a//b", true, "/a/b"}, {"//", true, "/"}, {"/a/./b", true, "/a/b"}, {"/a/b/..", true, "/a/"},
             {"/.well-known/x", true, "/.well-known/x"}, {"/a/%2e%2E/b", true, "/b"}, {"/%41?x", true, "/A"},
             {"/a\\b", true, "/a\\b"}}) {
        INFO(c.target);
        auto t = proxy::parse_target(c.target, c.merge_slashes);
        REQUIRE(t);
        CHECK(t->path == c.path);
    }
    for (const char* bad : {"/a%", "/a%4", "/a%zz", "/a%00b", "/..", "a/b", ""}) {
        INFO(bad);
        CHECK_FALSE(proxy::parse_target(bad, true));
    }
    CHECK_FALSE(proxy::parse_target(std::string_view("/a\0b", 4), true));
}

TEST_CASE("escaping: a rebuilt URI and arguments escape different characters") {
    CHECK(proxy::escape_uri("/a b?c#d%e&f+g") == "/a%20b%3Fc%23d%25e&f+g");
    CHECK(proxy::escape_uri("/\"<>\\^`{|};") == "/%22%3C%3E%5C%5E%60%7B%7C%7D;");  // nginx 1.22's NGX_ESCAPE_URI
    CHECK(proxy::escape_uri("/a b?c#d%e&f+g", proxy::kArgsSpecials) == "/a%20b%3Fc%23d%25e%26f%2Bg");
}
