// The SSI module's directives: inherited as nginx merges them, text/html always among the types.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse_test::TempPrefix;

TEST_CASE("ssi settings merge down, and ssi_types keeps text/html", "[ssi]") {
    TempPrefix t;
    auto l = t.load("events {}\nhttp {\nssi on;\nssi_types Text/Plain application/json;\nserver {\nlisten 80;\n"
                    "location / { ssi_silent_errors on; ssi_value_length 1k; }\nlocation /off { ssi off; }\n}\n}\n");
    const auto& server = l.config.http->servers.at(0);
    const auto& on = server.locations.at(0).scope;
    CHECK(*on.ssi);
    CHECK(*on.ssi_silent_errors);
    CHECK(*on.ssi_value_length == 1024);
    CHECK_FALSE(*on.ssi_last_modified);
    CHECK(*on.ssi_types == std::vector<std::string>{"text/html", "text/plain", "application/json"});
    CHECK_FALSE(*server.locations.at(1).scope.ssi);
}

TEST_CASE("ssi defaults: off, text/html, 256-byte values", "[ssi]") {
    TempPrefix t;
    auto l = t.load("events {}\nhttp {\nserver {\nlisten 80;\nlocation / { ssi_min_file_chunk 2k; }\n}\n}\n");
    const auto& s = l.config.http->servers.at(0).locations.at(0).scope;
    CHECK_FALSE(*s.ssi);
    CHECK(*s.ssi_types == std::vector<std::string>{"text/html"});
    CHECK(*s.ssi_value_length == 256);
}

TEST_CASE("ssi_types is nginx's types slot: repeatable at a level, \"*\" for any", "[ssi]") {
    TempPrefix t;
    auto l = t.load("events {}\nhttp {\nssi_types text/plain;\nssi_types text/css text/plain;\nserver {\nlisten 80;\n"
                    "location / { ssi_types * text/css; }\n}\n}\n");
    const auto& server = l.config.http->servers.at(0);
    CHECK(*server.scope.ssi_types == std::vector<std::string>{"text/html", "text/plain", "text/css"});
    CHECK(*server.locations.at(0).scope.ssi_types == std::vector<std::string>{"*"});
}

TEST_CASE("ssi directives refuse bad values with nginx's messages", "[ssi]") {
    TempPrefix t;
    auto in_location = [](const std::string& body) {
        return "events {}\nhttp {\nserver {\nlisten 80;\nlocation / {\n" + body + "}\n}\n}\n";
    };
    CHECK(t.error(in_location("ssi maybe;\n")) ==
          "invalid value \"maybe\" in \"ssi\" directive, it must be \"on\" or \"off\" in {P}conf/nginx.conf:6");
    CHECK(t.error(in_location("ssi on;\nssi on;\n")) == "\"ssi\" directive is duplicate in {P}conf/nginx.conf:7");
    CHECK(t.error(in_location("ssi_value_length abc;\n")) ==
          "\"ssi_value_length\" directive invalid value in {P}conf/nginx.conf:6");
}
