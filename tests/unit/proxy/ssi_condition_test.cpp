// SSI's if: its expression as nginx's ngx_http_ssi_if reads it, the branches and blocks its commands open
// and close, and the commands a block keeps as text.
#include <catch2/catch.hpp>

#include <map>

#include "proxy/ssi_blocks.hpp"
#include "proxy/ssi_condition.hpp"
#include "proxy/ssi_flow.hpp"

namespace {

using proxy::ssi::Flow;
using Kind = proxy::ssi::Command::Kind;

std::optional<bool> test(std::string_view expr, std::string& error, proxy::Captures& captures) {
    static const std::map<std::string, std::string> vars{{"a", "abc"}, {"p", "b+"}, {"empty", ""}};
    return proxy::ssi::test_condition(
        expr,
        [](const std::string& name) -> std::optional<std::string> {
            auto it = vars.find(name);
            if (it == vars.end()) return std::nullopt;
            return it->second;
        },
        captures, error);
}

std::optional<bool> test(std::string_view expr, std::string& error) {
    proxy::Captures captures;
    return test(expr, error, captures);
}

}  // namespace

TEST_CASE("ssi condition: a text alone holds when it is not empty") {
    std::string error;
    CHECK(test("$a", error) == true);
    CHECK(test("$empty", error) == false);
    CHECK(test("$missing", error) == false);
    CHECK(test("${A}", error) == true);  // as nginx, the left side is read in lower case
    CHECK(test("", error) == false);
}

TEST_CASE("ssi condition: = and != compare texts with variables") {
    std::string error;
    CHECK(test("$a = abc", error) == true);
    CHECK(test("$a=abc", error) == true);
    CHECK(test("$a =  ab", error) == false);
    CHECK(test("$a != ab", error) == true);
    CHECK(test("x$a = xabc", error) == true);
    CHECK(test("ABC = abc", error) == true);   // the left side in lower case...
    CHECK(test("abc = ABC", error) == false);  // ...not the right one
    CHECK(test("a = \\/x", error) == false);
    CHECK(test("$empty = \\/", error) == false);
    CHECK(test("abc = a\\bc", error) == false);
    CHECK(test("\"1\" = \"1\"", error) == true);  // quotes are part of the texts
}

TEST_CASE("ssi condition: a /regex/ matches the left side and leaves its groups") {
    std::string error;
    proxy::Captures captures;
    CHECK(test("$a = /^a(b)(x)?/", error, captures) == true);
    REQUIRE(captures.numbered.size() == 3);
    CHECK(captures.numbered[0] == "ab");
    CHECK(captures.numbered[1] == "b");
    CHECK(captures.set == 2);  // as nginx: the unset group after the last set one is not a capture
    CHECK(test("$a != /x/", error) == true);
    CHECK(test("$a = /(?<Name>c)/", error, captures) == true);
    CHECK_FALSE(test("$a = /c$/", error));  // as nginx: a "$" ends no regex, it starts a variable
    REQUIRE(captures.named.size() == 1);
    CHECK(captures.named[0] == std::pair<std::string, std::string>{"name", "c"});
    CHECK(test("$a = /a$p/", error) == true);  // the regex has variables too
    CHECK(test("$a = /B/", error) == false);
}

TEST_CASE("ssi condition: malformed expressions and regexes are errors with nginx's messages") {
    std::string error;
    CHECK_FALSE(test("$a.b", error));
    CHECK(error == "invalid expression in \"$a.b\"");
    CHECK_FALSE(test("a $", error));
    CHECK(error == "invalid expression in \"a $\"");
    CHECK_FALSE(test("a = /x", error));
    CHECK(error == "invalid expression in \"a = /x\"");
    CHECK_FALSE(test("a = /(/", error));
    CHECK(error == "pcre2_compile() failed: missing closing parenthesis in \"(\"");
    CHECK_FALSE(test("$ = a", error));
    CHECK(error == "invalid variable name in \"$\"");
}

TEST_CASE("ssi flow: if, elif, else and endif choose one branch") {
    Flow flow;
    CHECK(flow.verdict(Kind::If) == Flow::Verdict::Run);
    flow.choose(false);
    CHECK_FALSE(flow.output());
    CHECK(flow.verdict(Kind::Echo) == Flow::Verdict::Skip);
    CHECK(flow.verdict(Kind::If) == Flow::Verdict::Skip);  // an if in a branch not taken is not seen...
    CHECK(flow.verdict(Kind::Elif) == Flow::Verdict::Run);
    CHECK(flow.verdict(std::nullopt) == Flow::Verdict::Skip);
    flow.choose(true);
    CHECK(flow.output());
    CHECK(flow.chosen());
    CHECK(flow.verdict(Kind::If) == Flow::Verdict::Run);  // ...one in a branch taken is (and fails)
    CHECK(flow.in_if());
    flow.pass_over();
    CHECK_FALSE(flow.output());
    flow.enter_else();
    CHECK_FALSE(flow.output());
    CHECK(flow.verdict(Kind::Elif) == Flow::Verdict::OutOfContext);
    CHECK(flow.verdict(Kind::Else) == Flow::Verdict::OutOfContext);
    CHECK(flow.verdict(Kind::Endif) == Flow::Verdict::Run);
    flow.end_if();
    CHECK(flow.output());
    CHECK_FALSE(flow.in_if());
    CHECK(flow.verdict(Kind::Else) == Flow::Verdict::OutOfContext);
    CHECK(flow.verdict(Kind::Endif) == Flow::Verdict::OutOfContext);
    CHECK(flow.verdict(std::nullopt) == Flow::Verdict::Run);
}

TEST_CASE("ssi flow: a block keeps its commands, and endblock runs even in a branch not taken") {
    Flow flow;
    flow.begin_block();
    CHECK_FALSE(flow.output());
    CHECK(flow.in_block());
    CHECK(flow.verdict(Kind::If) == Flow::Verdict::Store);
    CHECK(flow.verdict(Kind::Endif) == Flow::Verdict::Store);
    CHECK(flow.verdict(Kind::Block) == Flow::Verdict::Store);
    CHECK(flow.verdict(std::nullopt) == Flow::Verdict::Skip);
    CHECK(flow.verdict(Kind::Endblock) == Flow::Verdict::Run);
    flow.end_block();
    flow.choose(false);
    CHECK(flow.verdict(Kind::Block) == Flow::Verdict::Skip);
    CHECK(flow.verdict(Kind::Endblock) == Flow::Verdict::Run);
    flow.end_block();
    CHECK(flow.output());  // as nginx: the rest of the branch not taken goes out
}

TEST_CASE("ssi blocks: the first of a name is found, commands are written back as text") {
    proxy::ssi::Blocks blocks;
    blocks.begin("one");
    CHECK(blocks.add("a"));
    CHECK(blocks.add(proxy::ssi::command_text("echo", {{"var", "x"}, {"default", "a\\\"b"}})));
    blocks.begin("one");
    blocks.add("lost");
    blocks.begin("two");
    REQUIRE(blocks.find("one"));
    CHECK(*blocks.find("one") == "a<!--#echo var=\"x\" default=\"a\\\"b\" -->");
    REQUIRE(blocks.find("two"));
    CHECK(blocks.find("two")->empty());
    CHECK_FALSE(blocks.find("three"));
    CHECK(proxy::ssi::command_text("endif", {}) == "<!--#endif -->");
}

TEST_CASE("ssi blocks: what blocks keep is bounded") {
    proxy::ssi::Blocks blocks;
    blocks.begin("big");
    CHECK(blocks.add(std::string(proxy::ssi::Blocks::kLimit - 1, 'x')));
    CHECK_FALSE(blocks.add("yz"));
    CHECK_FALSE(blocks.add("more"));
    CHECK(blocks.find("big")->size() == proxy::ssi::Blocks::kLimit);
}

TEST_CASE("ssi commands: if, elif, else, endif, block and endblock and their parameters") {
    std::string error;
    CHECK(proxy::ssi::command_kind("elif") == Kind::Elif);
    CHECK(proxy::ssi::command_kind("endblock") == Kind::Endblock);
    CHECK_FALSE(proxy::ssi::command_kind("exec"));
    CHECK(proxy::ssi::check_command("if", {{"expr", "$a"}}, error));
    CHECK_FALSE(proxy::ssi::check_command("if", {}, error));
    CHECK(error == "mandatory \"expr\" parameter is absent in \"if\" SSI command");
    CHECK_FALSE(proxy::ssi::check_command("else", {{"x", "1"}}, error));
    CHECK(error == "invalid parameter name: \"x\" in \"else\" SSI command");
    CHECK_FALSE(proxy::ssi::check_command("block", {}, error));
    CHECK(error == "mandatory \"name\" parameter is absent in \"block\" SSI command");
}
