// The charset module's directives: nginx's defaults, merge down the levels, charset_map's tables and their
// checks, nginx's -t messages, and the recoding nproxy refuses.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse::CharsetName;
using confparse_test::TempPrefix;

namespace {

std::string in_http(const std::string& body) {
    return "events {}\nhttp {\n" + body + "\nserver {\nlisten 80;\nlocation / { }\n}\n}\n";
}

}  // namespace

TEST_CASE("charset defaults are nginx's", "[charset]") {
    TempPrefix t;
    auto l = t.load(in_http(""));
    const auto& s = l.config.http->servers.at(0).locations.at(0).scope;
    CHECK(s.charset->kind == CharsetName::Kind::Off);
    CHECK(s.source_charset->kind == CharsetName::Kind::Off);
    CHECK_FALSE(*s.override_charset);
    CHECK(*s.charset_types == std::vector<std::string>{"text/html", "text/xml", "text/plain", "text/vnd.wap.wml",
                                                       "application/javascript", "application/rss+xml"});
}

TEST_CASE("charset settings merge down, and a charset keeps its first spelling", "[charset]") {
    TempPrefix t;
    auto l = t.load(
        "events {}\nhttp {\ncharset UTF-8;\ncharset_types Text/Foo;\n"
        "server {\nlisten 80;\nlocation / { charset utf-8; source_charset Utf-8; override_charset on; }\n"
        "location /v { charset $arg_c; charset_types *; }\nlocation /o { charset off; }\n}\n}\n");
    const auto& server = l.config.http->servers.at(0);
    const auto& root = server.locations.at(0).scope;
    CHECK(root.charset->kind == CharsetName::Kind::Name);
    CHECK(root.charset->name == "UTF-8");  // as nginx: one name per charset, the first written
    CHECK(root.source_charset->name == "UTF-8");
    CHECK(*root.override_charset);
    CHECK(*root.charset_types == std::vector<std::string>{"text/html", "text/foo"});
    const auto& v = server.locations.at(1).scope;
    CHECK(v.charset->kind == CharsetName::Kind::Variable);
    CHECK(v.charset->name == "arg_c");
    CHECK(*v.charset_types == std::vector<std::string>{"*"});
    CHECK(server.locations.at(2).scope.charset->kind == CharsetName::Kind::Off);
    CHECK(l.config.http->charsets == std::vector<std::string>{"UTF-8"});
}

TEST_CASE("charset directives refuse bad values with nginx's messages", "[charset]") {
    TempPrefix t;
    CHECK(t.error(in_http("charset a; charset b;")) == "\"charset\" directive is duplicate in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("source_charset a; source_charset b;")) ==
          "\"source_charset\" directive is duplicate in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("charset $;")) == "invalid variable name \"$\" in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("charset $nosuch;")) == "unknown \"nosuch\" variable");
    CHECK(t.error(in_http("charset $a$b;")) == "unknown \"a$b\" variable");
    CHECK(t.error(in_http("charset a b;")) ==
          "invalid number of arguments in \"charset\" directive in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("charset_types;")) ==
          "invalid number of arguments in \"charset_types\" directive in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("override_charset maybe;")) ==
          "invalid value \"maybe\" in \"override_charset\" directive, it must be \"on\" or \"off\" in "
          "{P}conf/nginx.conf:3");
    CHECK(t.error(in_http("server { charset_map a b { } }")) ==
          "\"charset_map\" directive is not allowed here in {P}conf/nginx.conf:3");
    CHECK(t.error("events {}\nhttp {\nserver {\nlocation / { if ($arg_a) { charset_types text/x; } }\n}\n}\n") ==
          "\"charset_types\" directive is not allowed here in {P}conf/nginx.conf:4");
    CHECK(t.error("events {}\nhttp {\nserver {\nlocation / { if ($arg_a) { charset a; override_charset on; } }\n}\n}\n")
              .empty());
}

TEST_CASE("charset_map: its charsets and table as nginx checks them", "[charset]") {
    TempPrefix t;
    CHECK(t.error(in_http("charset_map koi8-r KOI8-R { }")) ==
          "\"charset_map\" between the same charsets \"koi8-r\" and \"KOI8-R\" in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("charset_map a b { }\ncharset_map B A { }")) ==
          "duplicate \"charset_map\" between \"B\" and \"A\" in {P}conf/nginx.conf:4");
    // as nginx 1.22: a later map is compared with the first one only
    CHECK(t.error(in_http("charset_map a b { } charset_map c d { } charset_map c d { }")).empty());
    CHECK(t.error(in_http("charset_map a b {\n100 41; }")) == "invalid value \"100\" in {P}conf/nginx.conf:4");
    CHECK(t.error(in_http("charset_map a b {\nzz 41; }")) == "invalid value \"zz\" in {P}conf/nginx.conf:4");
    CHECK(t.error(in_http("charset_map a b {\n41 4g; }")) == "invalid value \"4g\" in {P}conf/nginx.conf:4");
    CHECK(t.error(in_http("charset_map a b {\n41; }")) == "invalid parameters number in {P}conf/nginx.conf:4");
    CHECK(t.error(in_http("charset_map a b {\n41 42 43; }")) == "invalid parameters number in {P}conf/nginx.conf:4");
    CHECK(t.error(in_http("charset_map a b {\n41 { } }")) == "unexpected \"{\" in {P}conf/nginx.conf:4");
    CHECK(t.error(in_http("charset_map a b {\n0041 FF; }")).empty());
    // towards UTF-8: one character of two or three bytes, up to U+FFFF, not overlong
    for (const char* ok : {"D18E", "EFBFBF", "D18E41", "c2a0"}) {
        INFO(ok);
        CHECK(t.error(in_http(std::string("charset_map a UTF-8 {\nC0 ") + ok + "; }")).empty());
    }
    for (const char* bad : {"41", "D1", "D18", "E0808F", "F09F9880", "C180", "D141", "\"\""}) {
        INFO(bad);
        std::string shown = std::string(bad) == "\"\"" ? "" : bad;
        CHECK(t.error(in_http(std::string("charset_map a utf-8 {\nC0 ") + bad + "; }")) ==
              "invalid value \"" + shown + "\" in {P}conf/nginx.conf:4");
    }
}

TEST_CASE("different charsets need a charset_map, and nproxy refuses to recode to or from UTF-8", "[charset]") {
    TempPrefix t;
    CHECK(t.error(in_http("charset utf-8; source_charset koi8-r;")) ==
          "no \"charset_map\" between the charsets \"koi8-r\" and \"utf-8\"");
    CHECK(t.error(in_http("charset_map x y { } charset utf-8; source_charset koi8-r;")) ==
          "no \"charset_map\" between the charsets \"koi8-r\" and \"utf-8\"");
    // as nginx: source_charset has no "off", it names a charset
    CHECK(t.error(in_http("charset utf-8; source_charset off;")) ==
          "no \"charset_map\" between the charsets \"off\" and \"utf-8\"");
    CHECK(t.error(in_http("charset utf-8; source_charset UTF-8;")).empty());
    CHECK(t.error(in_http("charset utf-8; source_charset $arg_x;")).empty());  // no map: never a recoding
    CHECK(t.error(in_http("charset_map koi8-r utf-8 { }\ncharset utf-8;\nsource_charset koi8-r;")) ==
          "recoding from \"koi8-r\" to \"utf-8\" by \"source_charset\" is not supported by nproxy (only between "
          "single-byte charsets) in {P}conf/nginx.conf:5");
    CHECK(
        t.error(in_http("charset_map koi8-r windows-1251 { }\ncharset windows-1251;\nsource_charset koi8-r;")).empty());
    CHECK(t.error(in_http("charset_map koi8-r utf-8 { }\ncharset $arg_c;\nsource_charset koi8-r;")).empty());
}

TEST_CASE("charset_map keeps a single-byte table both ways", "[charset]") {
    TempPrefix t;
    auto l = t.load(in_http("charset_map B A {\n58 59;\nC0 E1;\n}"));
    REQUIRE(l.config.http->charset_maps.size() == 1);
    const auto& map = l.config.http->charset_maps.front();
    CHECK((map.from == "B" && map.to == "A" && !map.utf8));
    CHECK(map.forward['X'] == 'Y');
    CHECK(map.backward['Y'] == 'X');
    CHECK(map.forward[0xC0] == 0xE1);
    CHECK(map.backward[0xE1] == 0xC0);
    CHECK(map.forward['a'] == 'a');   // below 128: itself unless named
    CHECK(map.forward[0xC1] == '?');  // from 128: '?' unless named
    CHECK(t.load(in_http("charset_map koi8-r UTF-8 { C0 D18E; }")).config.http->charset_maps.front().utf8);
}
