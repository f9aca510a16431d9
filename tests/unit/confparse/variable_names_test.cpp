#include <catch2/catch.hpp>

#include <string>

#include "confparse/variables.hpp"
#include "temp_config.hpp"

using confparse_test::in_server;
using confparse_test::TempPrefix;

TEST_CASE("a variable's name is any case, as nginx keys it lower-cased") {
    CHECK(confparse::variable_key("Host") == "host");
    CHECK(confparse::variable_key("HTTP_User_Agent") == "http_user_agent");
    CHECK(confparse::variable_key("already_lower_1") == "already_lower_1");

    TempPrefix t;
    auto loaded = t.load(in_server("location / { set $Foo 1; return 200 \"$Host $FOO $HTTP_X\"; }\n"));
    CHECK(loaded.config.http->variables.count("foo") == 1);
    CHECK(loaded.config.http->variables.count("Foo") == 0);
    // as nginx: an unknown variable is named lower-cased
    CHECK(t.error(in_server("location / { return 200 $NoSuch; }\n")) == "unknown \"nosuch\" variable");
    CHECK(t.error(in_server("location / { set $URI 1; }\n")) ==
          "the duplicate \"URI\" variable in {P}conf/nginx.conf:5");
}
