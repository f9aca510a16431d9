#include "upstream/attempt.hpp"

#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "upstream/group.hpp"

using namespace std::chrono_literals;
using namespace upstream;
using namespace upstream_test;

namespace {

// Fails tries until the attempt may not go on; returns how many were made.
int fail_until_done(Group& group, Attempt& attempt, TimePoint now) {
    int made = 0;
    while (attempt.may_try_another(now) && group.select(attempt, now)) {
        group.finish(attempt, Outcome::Failed, now);
        ++made;
    }
    return made;
}

}  // namespace

TEST_CASE("a request may try every live peer, backups included", "[attempt]") {
    Group group(upstream_of({server("a"), server("b").down(), server("c"), server("x").backup()}));
    Attempt attempt(group, 0, 0ms, at(1000s));
    CHECK(attempt.tries_left() == 3);
    CHECK(fail_until_done(group, attempt, at(1000s)) == 3);
    CHECK_FALSE(attempt.may_try_another(at(1000s)));
}

TEST_CASE("proxy_next_upstream_tries caps the tries", "[attempt]") {
    Group group(upstream_of({server("a"), server("b"), server("c")}));
    Attempt attempt(group, 2, 0ms, at(1000s));
    CHECK(attempt.tries_left() == 2);
    CHECK(fail_until_done(group, attempt, at(1000s)) == 2);

    Attempt roomy(group, 10, 0ms, at(1000s));
    CHECK(roomy.tries_left() == 3);  // a cap above the peers changes nothing
}

TEST_CASE("proxy_next_upstream_timeout ends the tries once it has passed", "[attempt]") {
    Group group(upstream_of({server("a"), server("b"), server("c")}));
    Attempt attempt(group, 0, 1500ms, at(1000s));
    REQUIRE(group.select(attempt, at(1000s)));
    group.finish(attempt, Outcome::Failed, at(1000s));
    CHECK(attempt.may_try_another(at(1000s) + 1499ms));
    CHECK_FALSE(attempt.may_try_another(at(1000s) + 1500ms));
}

TEST_CASE("a spared try is given back", "[attempt]") {
    Group group(upstream_of({server("a"), server("b")}));
    Attempt attempt(group, 0, 0ms, at(1000s));
    REQUIRE(group.select(attempt, at(1000s)));
    group.finish(attempt, Outcome::Failed, at(1000s));
    CHECK(attempt.tries_left() == 1);
    attempt.spare_try();
    CHECK(attempt.tries_left() == 2);
}
