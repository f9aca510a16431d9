// nginx's charset filter on a header: which answers get a charset, what an upstream's own charset does,
// override_charset, source_charset, X-Accel-Charset, the recoding table chosen, and what nginx logs.
#include <catch2/catch.hpp>

#include "proxy/charset_filter.hpp"

using confparse::CharsetName;
using Kind = confparse::CharsetName::Kind;

namespace {

const std::vector<std::string> kDefaultTypes = {
    "text/html", "text/xml", "text/plain", "text/vnd.wap.wml", "application/javascript", "application/rss+xml"};

struct Case {
    confparse::HttpScope scope;
    confparse::Http http;
    proxy::ConnectionContext connection;
    proxy::RequestContext r;

    explicit Case(CharsetName charset, CharsetName source = {}) {
        scope.charset.value = std::move(charset);
        scope.source_charset.value = std::move(source);
        scope.override_charset.value = false;
        scope.charset_types.value = kDefaultTypes;
        http.charsets = {"utf-8", "koi8-r", "windows-1251"};
        r.connection = &connection;
    }

    // The Content-Type sent for an answer of `status` with `type` (from an upstream when `upstream`).
    std::string type(const std::string& type, bool upstream = false, int status = 200,
                     proxy::CharsetOutcome* out = nullptr) {
        proxy::ResponseHead head;
        head.status = status;
        head.content_type = type;
        head.upstream_type = upstream;
        head.accel_charset = accel;
        proxy::CharsetOutcome o = proxy::apply_charset(head, scope, http, r);
        if (out) *out = o;
        return head.content_type;
    }

    std::string accel;
};

CharsetName named(const std::string& name) { return {Kind::Name, name}; }
CharsetName variable(const std::string& name) { return {Kind::Variable, name}; }

}  // namespace

TEST_CASE("a charset is added to the types of charset_types", "[charset]") {
    Case c(named("utf-8"));
    CHECK(proxy::charset_applies(proxy::ResponseHead{}, c.scope));
    CHECK(c.type("text/html") == "text/html; charset=utf-8");
    CHECK(c.type("Text/Plain") == "Text/Plain; charset=utf-8");  // the types compared without case
    CHECK(c.type("application/json") == "application/json");
    CHECK(c.type("") == "");  // no Content-Type: nothing to add to
    c.scope.charset_types.value = {"*"};
    CHECK(c.type("application/json") == "application/json; charset=utf-8");
    // a type with parameters but no charset is not listed, as nginx matches the whole value
    c.scope.charset_types.value = kDefaultTypes;
    CHECK(c.type("text/html; q=1", true) == "text/html; q=1");
}

TEST_CASE("no charset for a 301 or 302, as nginx", "[charset]") {
    Case c(named("utf-8"));
    CHECK(c.type("text/html", false, 301) == "text/html");
    CHECK(c.type("text/html", false, 302) == "text/html");
    CHECK(c.type("text/html", false, 303) == "text/html; charset=utf-8");
    CHECK(c.type("text/html", false, 404) == "text/html; charset=utf-8");
}

TEST_CASE("charset off, and no X-Accel-Charset: the filter has nothing to do", "[charset]") {
    Case c(CharsetName{});
    CHECK_FALSE(proxy::charset_applies(proxy::ResponseHead{}, c.scope));
    proxy::ResponseHead accel;
    accel.accel_charset = "utf-8";
    CHECK(proxy::charset_applies(accel, c.scope));
    CHECK(c.type("text/html") == "text/html");
}

TEST_CASE("an upstream's charset stays, unless override_charset", "[charset]") {
    Case c(named("utf-8"));
    CHECK(c.type("text/html; charset=koi8-r", true) == "text/html; charset=koi8-r");
    CHECK(c.type("text/html;charset=UTF-8", true) == "text/html;charset=UTF-8");
    // override_charset: the same charset is written the configuration's way; another would be recoded
    c.scope.override_charset.value = true;
    CHECK(c.type("text/html; charset=\"UTF-8\"", true) == "text/html; charset=utf-8");
    CHECK(c.type("application/json; charset=UTF-8", true) == "application/json; charset=utf-8");
    CHECK(c.type("text/html; charset=UTF-8", true, 302) == "text/html");
    proxy::CharsetOutcome out;
    CHECK(c.type("text/html; charset=koi8-r", true, 200, &out) == "text/html; charset=koi8-r");
    CHECK(out.error == "no \"charset_map\" between the charsets \"koi8-r\" and \"utf-8\"");
    confparse::CharsetMap to_utf8;
    to_utf8.from = "koi8-r";
    to_utf8.to = "utf-8";
    to_utf8.utf8 = true;
    c.http.charset_maps.push_back(to_utf8);
    CHECK(c.type("text/html; charset=KOI8-R", true, 200, &out) == "text/html; charset=KOI8-R");
    CHECK(out.error == "recoding from \"KOI8-R\" to \"utf-8\" is not supported by nproxy");
    CHECK_FALSE(out.failed);
}

TEST_CASE("a Content-Type's charset is read as nginx's upstream reads it", "[charset]") {
    Case c(named("utf-8"));
    c.scope.override_charset.value = true;
    // the charset runs to the end of the value, later parameters included
    proxy::CharsetOutcome out;
    CHECK(c.type("text/html; charset=utf-8; x=y", true, 200, &out) == "text/html; charset=utf-8; x=y");
    CHECK(out.error == "no \"charset_map\" between the charsets \"utf-8; x=y\" and \"utf-8\"");
    CHECK(c.type("text/html; level=1; charset=utf-8", true) == "text/html; level=1; charset=utf-8");
    // a type of our own (types, default_type) is taken whole
    CHECK(c.type("text/html; charset=koi8-r") == "text/html; charset=koi8-r");
}

TEST_CASE("source_charset equal to charset labels, and unknown names must agree", "[charset]") {
    Case same(named("utf-8"), named("utf-8"));
    CHECK(same.type("text/html") == "text/html; charset=utf-8");
    // charset from a variable naming a charset nproxy does not know: nginx compares the names
    Case unknown(variable("arg_c"), variable("arg_s"));
    unknown.r.args = "c=latin1&s=LATIN1";
    unknown.r.has_args = true;
    CHECK(unknown.type("text/html") == "text/html; charset=latin1");
    unknown.r.args = "c=latin1&s=latin2";
    proxy::CharsetOutcome out;
    CHECK(unknown.type("text/html", false, 200, &out) == "text/html");
    CHECK(out.error == "no \"charset_map\" between the charsets \"latin2\" and \"latin1\"");
    // a known source with an unknown destination never agrees
    Case mixed(variable("arg_c"), named("utf-8"));
    mixed.r.args = "c=latin1";
    mixed.r.has_args = true;
    CHECK(mixed.type("text/html", false, 200, &out) == "text/html");
    CHECK(out.error == "no \"charset_map\" between the charsets \"utf-8\" and \"latin1\"");
}

TEST_CASE("charset from a variable, and one not found ends the request", "[charset]") {
    Case c(variable("arg_c"));
    c.r.args = "c=foo";
    c.r.has_args = true;
    CHECK(c.type("text/html") == "text/html; charset=foo");  // any name, without source_charset
    c.r.args = "c=";
    CHECK(c.type("text/html") == "text/html");  // empty: nothing added
    c.r.args = "";
    c.r.has_args = false;
    proxy::CharsetOutcome out;
    CHECK(c.type("text/html", false, 200, &out) == "text/html");
    CHECK(out.failed);
    // not looked at for a type charset_types does not list
    CHECK(c.type("image/png", false, 200, &out) == "image/png");
    CHECK_FALSE(out.failed);
}

TEST_CASE("X-Accel-Charset names the charset, whatever the level's", "[charset]") {
    Case c(CharsetName{});
    c.accel = "KOI8-R";
    CHECK(c.type("image/png") == "image/png; charset=KOI8-R");
    c.accel = "latin1";
    proxy::CharsetOutcome out;
    CHECK(c.type("text/html", false, 200, &out) == "text/html");
    CHECK(out.error == "unknown charset \"latin1\" to override");
}

TEST_CASE("an encoded answer in another charset is left alone, silently", "[charset]") {
    Case c(named("utf-8"));
    c.scope.override_charset.value = true;
    proxy::ResponseHead head;
    head.content_type = "text/html; charset=koi8-r";
    head.upstream_type = true;
    head.headers.push_back({"Content-Encoding", "gzip"});
    proxy::CharsetOutcome out = proxy::apply_charset(head, c.scope, c.http, c.r);
    CHECK(head.content_type == "text/html; charset=koi8-r");
    CHECK(out.error.empty());
}

TEST_CASE("between single-byte charsets joined by a charset_map the body is recoded", "[charset]") {
    confparse::CharsetMap map;
    map.from = "koi8-r";
    map.to = "windows-1251";
    map.forward.fill('?');
    map.backward.fill('!');
    Case c(named("windows-1251"), named("koi8-r"));
    c.http.charset_maps.push_back(map);
    proxy::ResponseHead head;
    head.content_type = "text/html";
    CHECK(proxy::apply_charset(head, c.scope, c.http, c.r).error.empty());
    CHECK(head.content_type == "text/html; charset=windows-1251");
    REQUIRE(head.recode == &c.http.charset_maps.front().forward);
    std::string body = "ab";
    proxy::recode(*head.recode, body.data(), body.size());
    CHECK(body == "??");
    // the other way, from an upstream's charset with override_charset
    Case back(named("KOI8-R"));
    back.http.charset_maps.push_back(map);
    back.scope.override_charset.value = true;
    proxy::ResponseHead up;
    up.content_type = "text/plain; charset=Windows-1251";
    up.upstream_type = true;
    CHECK(proxy::apply_charset(up, back.scope, back.http, back.r).error.empty());
    CHECK(up.content_type == "text/plain; charset=KOI8-R");
    CHECK(up.recode == &back.http.charset_maps.front().backward);
    // an encoded answer is left as it is
    proxy::ResponseHead zipped = proxy::ResponseHead{};
    zipped.content_type = "text/html";
    zipped.headers.push_back({"Content-Encoding", "gzip"});
    CHECK(proxy::apply_charset(zipped, c.scope, c.http, c.r).error.empty());
    CHECK(zipped.content_type == "text/html");
    CHECK(zipped.recode == nullptr);
}

TEST_CASE("a subrequest's answer is recoded into its main request's charset, its header left alone", "[charset]") {
    confparse::CharsetMap map;
    map.from = "koi8-r";
    map.to = "windows-1251";
    Case c(CharsetName{}, named("koi8-r"));  // the subrequest's level: no charset of its own
    c.http.charset_maps.push_back(map);
    c.r.main_charset = "Windows-1251";
    proxy::ResponseHead head;
    head.content_type = "text/html";
    proxy::CharsetOutcome out = proxy::apply_charset(head, c.scope, c.http, c.r, true);
    CHECK(out.error.empty());
    CHECK(head.content_type == "text/html");
    CHECK(head.recode == &c.http.charset_maps.front().forward);
    // the main request's charset as the filter leaves it: its label, none on a redirect, else the upstream's
    Case main(named("utf-8"));
    CHECK(proxy::apply_charset(head, main.scope, main.http, main.r).charset == "utf-8");
    proxy::ResponseHead moved;
    moved.status = 302;
    moved.content_type = "text/html";
    CHECK(proxy::apply_charset(moved, main.scope, main.http, main.r).charset.empty());
    proxy::ResponseHead own;
    own.content_type = "text/html; charset=koi8-r";
    own.upstream_type = true;
    CHECK(proxy::apply_charset(own, main.scope, main.http, main.r).charset == "koi8-r");
}
