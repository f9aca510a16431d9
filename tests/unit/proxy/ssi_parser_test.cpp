// The SSI parser as nginx's: commands found across any split of the body, text passed on untouched,
// malformed commands reported with nginx's messages.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "proxy/ssi_parser.hpp"

namespace {

// Feeds `pieces` one after the other; text comes back as is, a command as "{name a=b ...}", an error as "{!}".
std::string run(const std::vector<std::string>& pieces, std::vector<std::string>* messages = nullptr) {
    proxy::ssi::Parser parser(256);
    std::string out;
    for (const std::string& piece : pieces) {
        std::string_view in = piece;
        for (;;) {
            auto event = parser.next(in);
            if (event == proxy::ssi::Parser::Event::More) break;
            if (event == proxy::ssi::Parser::Event::Text) out += parser.text();
            if (event == proxy::ssi::Parser::Event::Error) {
                out += "{!}";
                if (messages) messages->push_back(parser.message());
            }
            if (event == proxy::ssi::Parser::Event::Command) {
                out += "{" + parser.command();
                for (const auto& p : parser.params()) out += " " + p.name + "=" + p.value;
                out += "}";
            }
        }
    }
    return out;
}

// Every way of cutting `body` in two.
std::vector<std::string> all_splits(const std::string& body) {
    std::vector<std::string> results;
    for (std::size_t i = 0; i <= body.size(); ++i) results.push_back(run({body.substr(0, i), body.substr(i)}));
    return results;
}

}  // namespace

TEST_CASE("ssi parser: text without commands passes unchanged, '<' and comments included") {
    CHECK(run({"plain <b>text</b> <!-- a comment --> <! <!- <<!--x"}) == "plain <b>text</b> <!-- a comment --> <! <!- <<!--x");
}

TEST_CASE("ssi parser: a command and its parameters, in both quotes") {
    CHECK(run({"a<!--#include virtual=\"/x?y=1\" set='v' -->b"}) == "a{include virtual=/x?y=1 set=v}b");
    CHECK(run({"<!--#echo var=\"x\"-->"}) == "{echo var=x}");
    CHECK(run({"<!--# \techo\nvar = \"x\" -->"}) == "{echo var=x}");
    CHECK(run({"<!--#config-->"}) == "{config}");
}

TEST_CASE("ssi parser: a backslash keeps itself and the next character in a value") {
    CHECK(run({"<!--#set var=\"a\" value=\"q\\\"x\" -->"}) == "{set var=a value=q\\\"x}");
}

TEST_CASE("ssi parser: a command split at any byte reads the same") {
    const std::string body = "<p><!--#include virtual=\"/inc\" set=\"x\" -->set: <!--#echo var=\"x\" --></p>";
    const std::string whole = run({body});
    CHECK(whole == "<p>{include virtual=/inc set=x}set: {echo var=x}</p>");
    for (const std::string& split : all_splits(body)) CHECK(split == whole);
    std::vector<std::string> bytes;
    for (char c : body) bytes.emplace_back(1, c);
    CHECK(run(bytes) == whole);
}

TEST_CASE("ssi parser: a partial opening across pieces that starts no command is given back") {
    CHECK(run({"a<!", "-x"}) == "a<!-x");
    CHECK(run({"a<!-", "-", "<!--#echo var=\"v\" -->"}) == "a<!--{echo var=v}");
    CHECK(run({"<", "<!--#config -->"}) == "<{config}");
}

TEST_CASE("ssi parser: malformed commands end in an error at their \"-->\" with nginx's message") {
    std::vector<std::string> messages;
    CHECK(run({"a<!--#echo var=x -->b"}, &messages) == "a{!}b");
    CHECK(messages.back() == "unexpected \"x\" symbol before value of \"var\" parameter in \"echo\" SSI command");
    CHECK(run({"<!--#echo var \"x\" -->"}, &messages) == "{!}");
    CHECK(messages.back() == "unexpected \"\"\" symbol after \"var\" parameter in \"echo\" SSI command");
    CHECK(run({"<!--#echo var=\"x\"y -->"}, &messages) == "{!}");
    CHECK(messages.back() == "unexpected \"y\" symbol after \"x\" value of \"var\" parameter in \"echo\" SSI command");
    CHECK(run({"<!--#echo var-->"}, &messages) == "{!}");
    CHECK(messages.back() == "unexpected \"-\" symbol after \"var\" parameter in \"echo\" SSI command");
    CHECK(run({"<!--#echo -x>ok -->"}, &messages) == "{!}");
    CHECK(messages.back() == "unexpected \"x\" symbol in \"echo\" SSI command");
}

TEST_CASE("ssi parser: nginx's limits on names and values") {
    std::vector<std::string> messages;
    CHECK(run({"<!--#" + std::string(33, 'c') + " -->ok"}, &messages) == "{!}ok");
    CHECK(messages.back() == "the \"" + std::string(32, 'c') + "c...\" SSI command is too long");
    CHECK(run({"<!--#echo " + std::string(33, 'p') + "=\"x\" -->"}, &messages) == "{!}");
    CHECK(messages.back() == "too long \"" + std::string(32, 'p') + "p...\" parameter in \"echo\" SSI command");
    proxy::ssi::Parser parser(4);
    std::string_view in = "<!--#echo var=\"12345\" -->";
    CHECK(parser.next(in) == proxy::ssi::Parser::Event::Error);
    CHECK(parser.message() == "too long \"12345...\" value of \"var\" parameter in \"echo\" SSI command");
}
