// error_page and recursive_error_pages: what is read, nginx's messages, and inheritance.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse_test::in_server;
using confparse_test::TempPrefix;

TEST_CASE("error_page reads codes, an answer code and the URI's arguments", "[error_page]") {
    TempPrefix t;
    auto l = t.load(in_server("error_page 404 500 502 /err?from=page;\nerror_page 403 =200 @named;\n"
                              "error_page 401 = /a$uri;\nerror_page 497 https://example.com/;\n"));
    const auto& pages = *l.config.http->servers[0].scope.error_page;
    REQUIRE(pages.size() == 4);
    CHECK(pages[0].codes == std::vector<int>{404, 500, 502});
    CHECK(pages[0].overwrite == -1);
    CHECK(pages[0].uri == "/err");
    CHECK(pages[0].args == "from=page");
    CHECK(pages[1].overwrite == 200);
    CHECK(pages[1].uri == "@named");
    CHECK(pages[2].overwrite == 0);
    CHECK(pages[2].has_variables);
    CHECK(pages[2].uri == "/a$uri");
    CHECK(pages[3].uri == "https://example.com/");
}

TEST_CASE("error_page refuses what nginx refuses, with its messages", "[error_page]") {
    TempPrefix t;
    CHECK(t.error(in_server("error_page =200 /x;\n")) == "invalid value \"=200\" in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("error_page 200 /x;\n")) == "value \"200\" must be between 300 and 599 in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("error_page 499 /x;\n")) == "invalid value \"499\" in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("error_page 404 =abc /x;\n")) == "invalid value \"=abc\" in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("error_page 404;\n")) == "invalid number of arguments in \"error_page\" directive in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("location / { internal; internal; }\n")) ==
          "\"internal\" directive is duplicate in {P}conf/nginx.conf:5");
}

TEST_CASE("a level with its own error_page inherits none of its parent's", "[error_page][merge]") {
    TempPrefix t;
    auto l = t.load("events {}\nhttp {\nerror_page 404 /a;\nerror_page 500 /b;\nrecursive_error_pages on;\n"
                    "server {\nlisten 80;\nlocation /own { error_page 403 /c; if ($arg_x) { error_page 502 /d; } }\n"
                    "location /inherits { }\n}\n}\n");
    const auto& server = l.config.http->servers[0];
    CHECK(server.scope.error_page->size() == 2);
    const auto& own = server.locations[0];
    REQUIRE(own.scope.error_page->size() == 1);
    CHECK(own.scope.error_page->front().codes == std::vector<int>{403});
    REQUIRE(own.locations.at(0).scope.error_page->size() == 1);  // the "if" block's own
    CHECK(own.locations[0].scope.error_page->front().codes == std::vector<int>{502});
    CHECK(server.locations[1].scope.error_page->size() == 2);
    CHECK(*server.locations[1].scope.recursive_error_pages);
    CHECK(server.locations[1].internal == false);
}
