// The rewrite phases (set, if, rewrite, return, break) over configurations read by confparse.
#include <catch2/catch.hpp>

#include "../confparse/temp_config.hpp"
#include "proxy/rewrite.hpp"
#include "proxy/runtime.hpp"

namespace {

struct Rewritten {
    confparse_test::TempPrefix dir;
    proxy::Runtime runtime;
    proxy::ConnectionContext connection;

    explicit Rewritten(const std::string& server)
        : runtime(dir.load("error_log logs/error.log;\nevents {}\nhttp {\naccess_log off;\nserver {\nlisten 127.0.0.1:18095;\n" +
                           server + "\n}\n}\n").config) {}

    struct Result {
        proxy::RequestContext r;
        proxy::RewriteAnswer answer;
        std::string location() const { return r.location ? r.location->pattern : ""; }
        bool in_if() const { return r.location && r.location->match == confparse::Location::Match::If; }
        std::string var(const std::string& name) const { return proxy::variable_value(name, r).value_or("(none)"); }
    };

    Result run(const std::string& uri, const std::string& args = "", std::vector<proxy::Header> headers = {},
               const std::string& request_uri = "") {
        Result out;
        out.r.request_uri = request_uri.empty() ? uri : request_uri;
        out.r.connection = &connection;
        out.r.server = &runtime.http().servers.front();
        out.r.uri = uri;
        out.r.args = args;
        out.r.has_args = !args.empty();
        out.r.headers = std::move(headers);
        out.answer = runtime.rewriter().run(runtime, out.r);
        return out;
    }
};

}  // namespace

TEST_CASE("rewrite: set values, with variables and other set variables, in order") {
    Rewritten w(R"(
        set $a "x-$arg_q";
        location / { set $b "$a-y"; set $a z; }
    )");
    auto res = w.run("/p", "q=1");
    CHECK(res.answer.code == 0);
    CHECK(res.var("a") == "z");
    CHECK(res.var("b") == "x-1-y");
}

TEST_CASE("rewrite: return at server level ends the phases before a location is chosen") {
    Rewritten w(R"(
        return 403;
        location / { return 200 never; }
    )");
    auto res = w.run("/");
    CHECK(res.answer.code == 403);
    CHECK_FALSE(res.answer.text);
    CHECK(res.r.location == nullptr);
}

TEST_CASE("rewrite: if conditions, with captures of a regex condition") {
    Rewritten w(R"(
        location / {
            if ($arg_a) { return 201; }
            if ($arg_b = "yes") { return 202; }
            if ($arg_c != "no") { return 203 c; }
            if ($http_x ~* ^ab(\d+)$) { return 204 $1; }
            if ($http_x !~ ^q) { return 205; }
            return 299;
        }
    )");
    CHECK(w.run("/", "a=1").answer.code == 201);
    CHECK(w.run("/", "a=0&c=no").answer.code == 205);  // "0" is false
    CHECK(w.run("/", "b=yes").answer.code == 202);
    CHECK(w.run("/", "b=no").answer.code == 203);
    auto res = w.run("/", "c=no", {{"X", "AB42"}});
    CHECK(res.answer.code == 204);
    CHECK(res.answer.text == "42");
    CHECK(w.run("/", "c=no", {{"X", "qq"}}).answer.code == 299);
}

TEST_CASE("rewrite: file tests") {
    Rewritten w(R"(
        location / {
            if (-d /) { set $d 1; }
            if (!-f /) { set $nf 1; }
            if (-e /nonexistent-path-for-the-test) { set $e 1; }
            if (!-e /nonexistent-path-for-the-test) { set $ne 1; }
            if (-x /bin/sh) { set $x 1; }
        }
    )");
    auto res = w.run("/");
    CHECK(res.var("d") == "1");
    CHECK(res.var("nf") == "1");
    CHECK(res.var("e").empty());  // defined by "set" elsewhere: empty, not missing
    CHECK(res.var("ne") == "1");
    CHECK(res.var("x") == "1");
}

TEST_CASE("rewrite: an if in a location makes its nameless location current, and the steps go on") {
    Rewritten w(R"(
        location /a {
            if ($arg_x) { add_header X-If 1; set $seen in; }
            set $after 1;
        }
    )");
    auto yes = w.run("/a", "x=1");
    CHECK(yes.in_if());
    CHECK(yes.location() == "/a");
    CHECK(yes.var("seen") == "in");
    CHECK(yes.var("after") == "1");
    CHECK(yes.r.location->scope.add_header->size() == 1);
    auto no = w.run("/a");
    CHECK_FALSE(no.in_if());
    CHECK(no.var("after") == "1");
}

TEST_CASE("rewrite: URI and arguments, last chooses the location again, break keeps it") {
    Rewritten w(R"(
        rewrite ^/old/(.*)$ /new/$1;
        location /new/ { }
        location /q { rewrite ^/q(.*) /args?x=$1 last; }
        location /drop { rewrite ^ /args? last; }
        location /args { }
        location /stay { rewrite ^ /args break; set $not reached; }
    )");
    auto moved = w.run("/old/p", "k=v");
    CHECK(moved.location() == "/new/");
    CHECK(moved.r.uri == "/new/p");
    CHECK(moved.r.args == "k=v");
    CHECK(moved.r.rewritten);

    auto last = w.run("/q7", "k=v");
    CHECK(last.location() == "/args");
    CHECK(last.r.args == "x=7&k=v");

    auto dropped = w.run("/drop", "k=v");
    CHECK(dropped.location() == "/args");
    CHECK(dropped.r.args.empty());

    auto stay = w.run("/stay");
    CHECK(stay.location() == "/stay");
    CHECK(stay.r.uri == "/args");
    CHECK(stay.var("not").empty());
}

TEST_CASE("rewrite: redirects keep the arguments unless the replacement ends with '?'") {
    Rewritten w(R"(
        location /t { rewrite ^/t/(.*)$ http://example.com/$1; }
        location /p { rewrite ^ /there?a=1 permanent; }
        location /r { rewrite ^ /there? redirect; }
        location /e { rewrite ^ http://example.com/%41%20; }
    )");
    auto t = w.run("/t/x", "k=v");
    CHECK(t.answer.code == 302);
    CHECK(t.answer.text == "http://example.com/x?k=v");
    auto p = w.run("/p", "k=v");
    CHECK(p.answer.code == 301);
    CHECK(p.answer.text == "/there?a=1&k=v");
    auto r = w.run("/r", "k=v");
    CHECK(r.answer.code == 302);
    CHECK(r.answer.text == "/there");
    CHECK(w.run("/e").answer.text == "http://example.com/A%20");  // as nginx: only printable ones decoded
}

TEST_CASE("rewrite: a URI that keeps changing ends with 500 after 10 more choices") {
    Rewritten w(R"(
        location /loop { set $n "$n+"; rewrite ^ /loop last; }
    )");
    auto res = w.run("/loop");
    CHECK(res.answer.code == 500);
    CHECK(res.var("n") == std::string(11, '+'));
}

TEST_CASE("rewrite: the captures of a regex location are $1..$9") {
    Rewritten w(R"(
        location ~ ^/c/(\w+)/(\w+) { set $v "$2-$1"; }
    )");
    CHECK(w.run("/c/ab/cd").var("v") == "cd-ab");
}

TEST_CASE("rewrite: captures in new arguments are escaped again when the request's path was escaped") {
    Rewritten w(R"(
        location /c { rewrite ^(.*) $1?c=$1 break; }
    )");
    auto quoted = w.run("/c/%", "a=b", {}, "/c/%25?a=b");
    CHECK(quoted.r.uri == "/c/%");
    CHECK(quoted.r.args == "c=/c/%25&a=b");
    auto plain = w.run("/c/x y", "", {}, "/c/x y");
    CHECK(plain.r.args == "c=/c/x y");
}

TEST_CASE("rewrite: a break after a changed URI, or rewrite ... break, leaves the location invalid") {
    Rewritten w(R"(
        rewrite ^/s(.*)$ /plain$1 break;
        location /b { rewrite ^ /other; break; }
        location /rb { rewrite ^ /other break; }
        location /plain { break; }
    )");
    CHECK_FALSE(w.run("/b").r.valid_location);
    CHECK_FALSE(w.run("/rb").r.valid_location);
    CHECK(w.run("/plain").r.valid_location);
    CHECK(w.run("/s").r.valid_location);  // a location is chosen after the server's steps
}

TEST_CASE("rewrite: named captures are variables, from server_name, location, if and rewrite regexes") {
    Rewritten w(R"(
        server_name ~^(?<sub>\w+)\.example\.com$;
        location ~ ^/l/(?<part>\w+) {
            if ($arg_q ~ ^(?P<first>.)) { }
            rewrite ^/l/(?'word'\w+)$ /done break;
        }
    )");
    auto res = w.run("/l/abc", "q=xyz");
    CHECK(res.var("part") == "abc");
    CHECK(res.var("first") == "x");
    CHECK(res.var("word") == "abc");
    res.r.host = "shop.example.com";
    w.runtime.rewriter().run(w.runtime, res.r);
    CHECK(res.var("sub") == "shop");
}
