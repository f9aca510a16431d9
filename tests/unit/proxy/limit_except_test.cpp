// limit_except at request time: the block is used for the methods it does not name.
#include <catch2/catch.hpp>

#include "../confparse/temp_config.hpp"
#include "proxy/router.hpp"

TEST_CASE("limit_except: other methods, unknown and lower-case ones included, take the block") {
    confparse_test::TempPrefix dir;
    auto loaded =
        dir.load(confparse_test::in_server("location /x { limit_except GET PUT { deny all; } }\n"
                                           "location /y { }\n"));
    const auto& locations = loaded.config.http->servers.at(0).locations;
    const confparse::Location& x = locations.at(0);
    const confparse::Location& block = x.locations.at(0);
    CHECK(proxy::for_method(x, "GET") == &x);
    CHECK(proxy::for_method(x, "HEAD") == &x);
    CHECK(proxy::for_method(x, "PUT") == &x);
    CHECK(proxy::for_method(x, "POST") == &block);
    CHECK(proxy::for_method(x, "get") == &block);
    CHECK(proxy::for_method(x, "FOO") == &block);
    CHECK(proxy::for_method(locations.at(1), "POST") == &locations.at(1));
}
