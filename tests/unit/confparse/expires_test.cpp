// The expires directive, read as nginx's headers filter module reads it.
#include <catch2/catch.hpp>

#include "confparse/expires.hpp"
#include "temp_config.hpp"

using confparse::Expires;
using confparse_test::in_server;
using confparse_test::TempPrefix;

namespace {

Expires read(std::string_view value, Expires::Kind kind = Expires::Kind::Access) {
    Expires e;
    e.kind = kind;
    REQUIRE(confparse::parse_expires(value, e) == nullptr);
    return e;
}

}  // namespace

TEST_CASE("expires values: words, times with a sign, a time of day") {
    CHECK(read("epoch").kind == Expires::Kind::Epoch);
    CHECK(read("max").kind == Expires::Kind::Max);
    CHECK(read("off").kind == Expires::Kind::Off);
    CHECK(read("1h 30m").seconds == 5400);
    CHECK(read("+2048").seconds == 2048);
    CHECK(read("-1d").seconds == -86400);
    Expires daily = read("@15h30m33s");
    CHECK(daily.kind == Expires::Kind::Daily);
    CHECK(daily.seconds == 15 * 3600 + 30 * 60 + 33);
    Expires modified = read("-10", Expires::Kind::Modified);
    CHECK(modified.kind == Expires::Kind::Modified);
    CHECK(modified.seconds == -10);
}

TEST_CASE("expires values nginx refuses") {
    Expires e;
    e.kind = Expires::Kind::Modified;
    CHECK(std::string(confparse::parse_expires("epoch", e)) == "invalid value");  // no words after "modified"
    CHECK(std::string(confparse::parse_expires("@1h", e)) == "daily time cannot be used with \"modified\" parameter");
    e.kind = Expires::Kind::Access;
    CHECK(std::string(confparse::parse_expires("@25h", e)) == "daily time value must be less than 24 hours");
    e.kind = Expires::Kind::Access;
    CHECK(std::string(confparse::parse_expires("", e)) == "invalid value");
    CHECK(std::string(confparse::parse_expires("1ms", e)) == "invalid value");
}

TEST_CASE("expires in a configuration: errors as nginx -t, inheritance, variables") {
    TempPrefix t;
    CHECK(t.error(in_server("expires x 1h;\n")) == "\"expires\" directive invalid value in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("expires 1h;\nexpires 2h;\n")) ==
          "\"expires\" directive is duplicate in {P}conf/nginx.conf:6");
    CHECK(t.error(in_server("expires $nosuch;\n")) == "unknown \"nosuch\" variable");
    auto l =
        t.load(in_server("expires modified 1h;\nlocation /a { }\nlocation /b { expires $arg_e; }\n"
                         "location /c { expires off; }\n"));
    const auto& locations = l.config.http->servers.at(0).locations;
    CHECK(locations[0].scope.expires->kind == Expires::Kind::Modified);
    CHECK(locations[0].scope.expires->seconds == 3600);
    CHECK(locations[1].scope.expires->kind == Expires::Kind::Access);
    CHECK(locations[1].scope.expires->value == "$arg_e");
    CHECK(locations[2].scope.expires->kind == Expires::Kind::Off);
    auto none = t.load(in_server("location / { }\n"));
    CHECK(none.config.http->servers.at(0).locations[0].scope.expires->kind == Expires::Kind::Off);
}
