// The mirror module's directives: URIs that add up at a level, "off", a level with its own replacing its
// parent's (nginx's merge), mirror_request_body on by default, and nginx's messages.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse_test::TempPrefix;

TEST_CASE("mirror URIs are a level's own, else its parent's", "[mirror]") {
    TempPrefix t;
    auto l = t.load(
        "events {}\nhttp {\nmirror /a;\nmirror /b;\nserver {\nlisten 80;\nlocation / { mirror_request_body off; }\n"
        "location /own { mirror /c; }\nlocation /off { mirror off; location /off/in { } }\n}\n"
        "server {\nlisten 81;\nmirror off;\n}\n}\n");
    const auto& server = l.config.http->servers.at(0);
    CHECK(*server.scope.mirror == std::vector<std::string>{"/a", "/b"});
    CHECK(*server.scope.mirror_request_body);
    const auto& inherited = server.locations.at(0).scope;
    CHECK(*inherited.mirror == std::vector<std::string>{"/a", "/b"});
    CHECK_FALSE(*inherited.mirror_request_body);
    CHECK(*server.locations.at(1).scope.mirror == std::vector<std::string>{"/c"});
    const auto& off = server.locations.at(2);
    CHECK(off.scope.mirror->empty());
    CHECK(off.locations.at(0).scope.mirror->empty());
    CHECK(l.config.http->servers.at(1).scope.mirror->empty());
}

TEST_CASE("without mirror a level has none", "[mirror]") {
    TempPrefix t;
    auto l = t.load("events {}\nhttp {\nserver {\nlisten 80;\nlocation / { }\n}\n}\n");
    const auto& scope = l.config.http->servers.at(0).locations.at(0).scope;
    CHECK(scope.mirror->empty());
    CHECK(*scope.mirror_request_body);
}

TEST_CASE("mirror directives refuse what nginx refuses, with its messages", "[mirror]") {
    TempPrefix t;
    auto in_location = [](const std::string& body) {
        return "events {}\nhttp {\nserver {\nlisten 80;\nlocation / {\n" + body + "}\n}\n}\n";
    };
    CHECK(t.error(in_location("mirror /a;\nmirror off;\n")) ==
          "\"mirror\" directive is duplicate in {P}conf/nginx.conf:7");
    CHECK(t.error(in_location("mirror off;\nmirror /a;\n")) ==
          "\"mirror\" directive is duplicate in {P}conf/nginx.conf:7");
    CHECK(t.error(in_location("mirror off;\nmirror off;\n")) ==
          "\"mirror\" directive is duplicate in {P}conf/nginx.conf:7");
    CHECK(t.error(in_location("mirror;\n")) ==
          "invalid number of arguments in \"mirror\" directive in {P}conf/nginx.conf:6");
    CHECK(t.error(in_location("mirror /a /b;\n")) ==
          "invalid number of arguments in \"mirror\" directive in {P}conf/nginx.conf:6");
    CHECK(t.error(in_location("mirror_request_body maybe;\n")) ==
          "invalid value \"maybe\" in \"mirror_request_body\" directive, it must be \"on\" or \"off\" in "
          "{P}conf/nginx.conf:6");
    CHECK(t.error(in_location("mirror_request_body on;\nmirror_request_body off;\n")) ==
          "\"mirror_request_body\" directive is duplicate in {P}conf/nginx.conf:7");
    CHECK(t.error("events {}\nhttp {\nserver {\nlisten 80;\nif ($uri) { mirror /a; }\n}\n}\n") ==
          "\"mirror\" directive is not allowed here in {P}conf/nginx.conf:5");
}
