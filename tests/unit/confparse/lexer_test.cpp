#include "confparse/lexer.hpp"

#include <catch2/catch.hpp>

using confparse::ConfigError;
using confparse::Lexer;
using confparse::Statement;

namespace {

std::vector<Statement> all(const std::string& text) {
    Lexer lexer("f.conf", text);
    std::vector<Statement> out;
    for (;;) {
        Statement st = lexer.next();
        out.push_back(st);
        if (st.end == Statement::End::FileEnd) return out;
    }
}

std::string error_of(const std::string& text) {
    try {
        all(text);
    } catch (const ConfigError& e) {
        return e.text();
    }
    return "";
}

}  // namespace

TEST_CASE("lexer splits words and terminators", "[lexer]") {
    auto st = all("a b  c;\nd {\n}\n");
    REQUIRE(st.size() == 4);
    CHECK(st[0].words == std::vector<std::string>{"a", "b", "c"});
    CHECK(st[0].end == Statement::End::Semicolon);
    CHECK(st[0].line == 1);
    CHECK(st[1].words == std::vector<std::string>{"d"});
    CHECK(st[1].end == Statement::End::BlockStart);
    CHECK(st[1].line == 2);
    CHECK(st[2].end == Statement::End::BlockEnd);
    CHECK(st[2].line == 3);
    CHECK(st[3].end == Statement::End::FileEnd);
}

TEST_CASE("lexer quotes, escapes and comments", "[lexer]") {
    auto st = all("a \"b c\" 'd\\'e' \"t\\tx\\\"\" f#g # comment ;\n;\n");
    REQUIRE(st[0].words == std::vector<std::string>{"a", "b c", "d'e", "t\tx\"", "f#g"});
    CHECK(st[0].line == 2);  // the ';' after the comment is on line 2
    auto v = all("return 200 ${host}x$uri;");
    CHECK(v[0].words[2] == "${host}x$uri");
    CHECK(all("a \\q;")[0].words[1] == "\\q");  // other escapes keep their backslash
}

TEST_CASE("lexer errors read as nginx's", "[lexer]") {
    CHECK(error_of("a;\n}\n").empty());  // a '}' alone is the parser's to judge
    CHECK(error_of("a b }") == "unexpected \"}\" in f.conf:1");
    CHECK(error_of("{") == "unexpected \"{\" in f.conf:1");
    CHECK(error_of(";") == "unexpected \";\" in f.conf:1");
    CHECK(error_of("a \"b\"c;") == "unexpected \"c\" in f.conf:1");
    CHECK(error_of("a 'b'c;") == "unexpected \"c\" in f.conf:1");
    CHECK(error_of("a b") == "unexpected end of file, expecting \";\" or \"}\" in f.conf:1");
    CHECK(error_of("a b\n") == "unexpected end of file, expecting \";\" or \"}\" in f.conf:2");
    CHECK(error_of("a \"b\n\n") == "unexpected end of file, expecting \";\" or \"}\" in f.conf:3");
    CHECK(error_of("a " + std::string(5000, 'x') + ";") ==
          "too long parameter \"xxxxxxxxxx...\" started in f.conf:1");
    CHECK(error_of("a\n\"" + std::string(5000, 'x')) ==
          "too long parameter, probably missing terminating \"\"\" character in f.conf:2");
    CHECK(error_of("a '" + std::string(5000, 'x')) ==
          "too long parameter, probably missing terminating \"'\" character in f.conf:1");
}

TEST_CASE("lexer accepts a ')' after a quoted word, as in if conditions", "[lexer]") {
    auto st = all("if ($a = \"b\") {\n}\n");
    CHECK(st[0].words == std::vector<std::string>{"if", "($a", "=", "b", ")"});  // as nginx: ")" starts a word
}

TEST_CASE("lexer of command-line text", "[lexer]") {
    Lexer lexer("", "daemon off");
    try {
        lexer.next();
        FAIL("no error");
    } catch (const ConfigError& e) {
        CHECK(e.text() == "unexpected end of parameter, expecting \";\" in command line");
    }
}
