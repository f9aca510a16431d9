#include "upstream/tried_set.hpp"

#include <catch2/catch.hpp>

using upstream::TriedSet;

TEST_CASE("a tried set remembers peers and forgets them on clear", "[tried_set]") {
    TriedSet tried(3);
    CHECK_FALSE(tried.contains(0));
    tried.insert(2);
    CHECK(tried.contains(2));
    CHECK_FALSE(tried.contains(1));
    tried.clear();
    CHECK_FALSE(tried.contains(2));
}

TEST_CASE("a tried set holds more than 64 peers", "[tried_set]") {
    TriedSet tried(200);
    tried.insert(0);
    tried.insert(63);
    tried.insert(64);
    tried.insert(199);
    for (std::size_t i = 0; i < 200; ++i) {
        CHECK(tried.contains(i) == (i == 0 || i == 63 || i == 64 || i == 199));
    }
    tried.clear();
    CHECK_FALSE(tried.contains(199));
}
