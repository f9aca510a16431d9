// The sub module's directives: pairs inherited only by a level that has none (nginx's merge), the match
// lower-cased, text/html always among the types, and nginx's messages for bad arguments.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse_test::TempPrefix;

TEST_CASE("sub_filter pairs are a level's own, else its parent's", "[sub_filter]") {
    TempPrefix t;
    auto l = t.load(
        "events {}\nhttp {\nsub_filter Foo$Arg_X 'Bar $arg_y';\nsub_filter b c;\nserver {\nlisten 80;\n"
        "location / { sub_filter_once off; }\nlocation /own { sub_filter X ''; sub_filter_types text/CSS; }\n"
        "}\n}\n");
    const auto& server = l.config.http->servers.at(0);
    const auto& inherited = server.locations.at(0).scope;
    REQUIRE(inherited.sub_filter->size() == 2);
    CHECK((*inherited.sub_filter)[0].match == "foo$arg_x");  // as nginx: the whole argument, variables' names too
    CHECK((*inherited.sub_filter)[0].replacement == "Bar $arg_y");
    CHECK_FALSE(*inherited.sub_filter_once);
    CHECK_FALSE(*inherited.sub_filter_last_modified);
    CHECK(*inherited.sub_filter_types == std::vector<std::string>{"text/html"});
    const auto& own = server.locations.at(1).scope;
    REQUIRE(own.sub_filter->size() == 1);
    CHECK((*own.sub_filter)[0].match == "x");
    CHECK((*own.sub_filter)[0].replacement.empty());
    CHECK(*own.sub_filter_once);
    CHECK(*own.sub_filter_types == std::vector<std::string>{"text/html", "text/css"});
}

TEST_CASE("without sub_filter a level has no pairs", "[sub_filter]") {
    TempPrefix t;
    auto l = t.load("events {}\nhttp {\nserver {\nlisten 80;\nlocation / { sub_filter_last_modified on; }\n}\n}\n");
    const auto& scope = l.config.http->servers.at(0).locations.at(0).scope;
    CHECK(scope.sub_filter->empty());
    CHECK(*scope.sub_filter_last_modified);
}

TEST_CASE("sub_filter directives refuse bad arguments with nginx's messages", "[sub_filter]") {
    TempPrefix t;
    auto in_location = [](const std::string& body) {
        return "events {}\nhttp {\nserver {\nlisten 80;\nlocation / {\n" + body + "}\n}\n}\n";
    };
    CHECK(t.error(in_location("sub_filter '' x;\n")) == "empty search pattern in {P}conf/nginx.conf:6");
    CHECK(t.error(in_location("sub_filter a;\n")) ==
          "invalid number of arguments in \"sub_filter\" directive in {P}conf/nginx.conf:6");
    CHECK(t.error(in_location("sub_filter a$ x;\n")) == "invalid variable name in {P}conf/nginx.conf:6");
    CHECK(t.error(in_location("sub_filter a $nosuch;\n")) == "unknown \"nosuch\" variable");
    CHECK(t.error(in_location("sub_filter_once maybe;\n")) ==
          "invalid value \"maybe\" in \"sub_filter_once\" directive, it must be \"on\" or \"off\" in "
          "{P}conf/nginx.conf:6");
    CHECK(t.error(in_location("sub_filter_last_modified on;\nsub_filter_last_modified off;\n")) ==
          "\"sub_filter_last_modified\" directive is duplicate in {P}conf/nginx.conf:7");
    CHECK(t.error("events {}\nhttp {\nserver {\nlisten 80;\nif ($uri) { sub_filter a b; }\n}\n}\n") ==
          "\"sub_filter\" directive is not allowed here in {P}conf/nginx.conf:5");
    std::string many;
    for (int i = 0; i < 256; ++i) many += "sub_filter p" + std::to_string(i) + " r;\n";
    CHECK(t.error(in_location(many)) == "number of search patterns exceeds 255 in {P}conf/nginx.conf:261");
}
