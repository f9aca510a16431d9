// The texts of SSI commands: variables in values, include URIs, echo's encodings, the rewritten header,
// and the commands' parameters checked as nginx checks them.
#include <catch2/catch.hpp>

#include <map>

#include "proxy/ssi_command.hpp"
#include "proxy/ssi_header.hpp"
#include "proxy/ssi_text.hpp"

namespace {

std::optional<std::string> eval(std::string_view text, std::string& error) {
    static const std::map<std::string, std::string> vars{{"one", "1"}, {"request_uri", "/r?a=b"}, {"empty", ""}};
    return proxy::ssi::evaluate(text, [](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    }, error);
}

}  // namespace

TEST_CASE("ssi text: variables in values, by name or in braces, names in any case") {
    std::string error;
    CHECK(eval("/include$request_uri", error) == "/include/r?a=b");
    CHECK(eval("a${one}b$ONE.$missing$empty", error) == "a1b1.");
    CHECK(eval("q\\$one \\x \\\\ \\\"", error) == "q$one \\x \\ \"");
}

TEST_CASE("ssi text: malformed variables are errors with nginx's messages") {
    std::string error;
    CHECK_FALSE(eval("a$", error));
    CHECK(error == "invalid variable name in \"a$\"");
    CHECK_FALSE(eval("${one", error));
    CHECK(error == "the closing bracket in \"one\" variable is missing");
}

TEST_CASE("ssi text: include URIs, relative ones from the current URI's folder, unsafe ones refused") {
    CHECK(proxy::ssi::relative_to("part.html", "/dir/page.html") == "/dir/part.html");
    CHECK(proxy::ssi::relative_to("/abs", "/dir/page.html") == "/abs");
    std::string path, args;
    bool has_args = false;
    REQUIRE(proxy::ssi::split_safe_uri("/a/b?x=1", path, args, has_args));
    CHECK(path == "/a/b");
    CHECK(args == "x=1");
    CHECK(has_args);
    CHECK_FALSE(proxy::ssi::split_safe_uri("/a/../etc/passwd", path, args, has_args));
    CHECK_FALSE(proxy::ssi::split_safe_uri("/a/..", path, args, has_args));
    CHECK_FALSE(proxy::ssi::split_safe_uri("/./a", path, args, has_args));
    CHECK_FALSE(proxy::ssi::split_safe_uri("../a", path, args, has_args));
    CHECK(proxy::ssi::split_safe_uri("/a..b/.c?../", path, args, has_args));
    // as nginx: escapes decoded, and checked once decoded
    REQUIRE(proxy::ssi::split_safe_uri("/x%20y%2Fz?a=%20", path, args, has_args));
    CHECK(path == "/x y/z");
    CHECK(args == "a=%20");
    REQUIRE(proxy::ssi::split_safe_uri("/a%zz/b%4z/c%", path, args, has_args));
    CHECK(path == "/azz/b/c");  // nginx's state machine on what are no escapes
    CHECK_FALSE(proxy::ssi::split_safe_uri("/a/%2e%2e/etc/passwd", path, args, has_args));
    CHECK_FALSE(proxy::ssi::split_safe_uri("/a%00b", path, args, has_args));
}

TEST_CASE("ssi text: echo's entity and url encodings") {
    CHECK(proxy::ssi::escape_entity("<a href=\"x\">&</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    CHECK(proxy::ssi::escape_url("a b\"#%'<>?&=") == "a%20b%22%23%25%27%3C%3E?&=");
}

TEST_CASE("ssi header: no length, no validators, chunked before Connection") {
    const std::string raw = "HTTP/1.1 200 OK\r\nServer: nproxy\r\nContent-Type: text/html\r\nContent-Length: 10\r\n"
                            "Last-Modified: Thu, 01 Jan 2026 00:00:00 GMT\r\nConnection: keep-alive\r\n"
                            "ETag: \"a-b\"\r\nAccept-Ranges: bytes\r\n\r\n";
    CHECK(proxy::ssi::rewrite_header(raw, proxy::ssi::Framing::Chunked, false) ==
          "HTTP/1.1 200 OK\r\nServer: nproxy\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
          "Connection: keep-alive\r\n\r\n");
    CHECK(proxy::ssi::rewrite_header(raw, proxy::ssi::Framing::None, false) ==
          "HTTP/1.1 200 OK\r\nServer: nproxy\r\nContent-Type: text/html\r\nConnection: keep-alive\r\n\r\n");
    CHECK(proxy::ssi::rewrite_header(raw, proxy::ssi::Framing::UntilClose, true) ==
          "HTTP/1.1 200 OK\r\nServer: nproxy\r\nContent-Type: text/html\r\n"
          "Last-Modified: Thu, 01 Jan 2026 00:00:00 GMT\r\nConnection: close\r\nETag: W/\"a-b\"\r\n\r\n");
    CHECK(proxy::ssi::media_type("Text/HTML; charset=utf-8") == "text/html");
}

TEST_CASE("ssi commands: parameters checked as nginx does") {
    std::string error;
    auto ok = proxy::ssi::check_command("include", {{"virtual", "/a"}, {"set", "x"}}, error);
    REQUIRE(ok);
    CHECK(ok->kind == proxy::ssi::Command::Kind::Include);
    CHECK(*ok->get("set") == "x");
    CHECK_FALSE(ok->get("file"));
    CHECK_FALSE(proxy::ssi::check_command("exec", {{"cmd", "ls"}}, error));
    CHECK(error == "invalid SSI command: \"exec\"");
    CHECK_FALSE(proxy::ssi::check_command("echo", {{"var", "a"}, {"var", "b"}}, error));
    CHECK(error == "duplicate \"var\" parameter in \"echo\" SSI command");
    CHECK_FALSE(proxy::ssi::check_command("echo", {{"default", "a"}}, error));
    CHECK(error == "mandatory \"var\" parameter is absent in \"echo\" SSI command");
    CHECK_FALSE(proxy::ssi::check_command("set", {{"var", "a"}, {"val", "b"}}, error));
    CHECK(error == "invalid parameter name: \"val\" in \"set\" SSI command");
}
