// One limit_conn zone: counts per key up to the limit, given back by the leases, within the zone's memory.
#include <catch2/catch.hpp>

#include "proxy/limit_conn.hpp"

using proxy::LimitConnLeases;
using proxy::LimitConnZone;
using Result = LimitConnZone::Result;

TEST_CASE("limit_conn zone: a key is counted up to its limit and forgotten at zero") {
    LimitConnZone zone("one", 32768);
    CHECK(zone.acquire("a", 2) == Result::Ok);
    CHECK(zone.acquire("a", 2) == Result::Ok);
    CHECK(zone.acquire("a", 2) == Result::Busy);
    CHECK(zone.acquire("b", 2) == Result::Ok);  // another key counts apart
    zone.release("a");
    CHECK(zone.acquire("a", 2) == Result::Ok);
    zone.release("a");
    zone.release("a");
    zone.release("b");
    CHECK(zone.keys() == 0);
}

TEST_CASE("limit_conn zone: no room for another key is an error, until one is given back") {
    LimitConnZone zone("small", 64);  // nginx's node for a 1-byte key takes 64 bytes
    CHECK(zone.acquire("a", 10) == Result::Ok);
    CHECK(zone.acquire("b", 10) == Result::Error);
    CHECK(zone.acquire("a", 10) == Result::Ok);  // a known key needs no room
    zone.release("a");
    zone.release("a");
    CHECK(zone.acquire("b", 10) == Result::Ok);
}

TEST_CASE("limit_conn leases give their counts back once, when released or destroyed, also after a move") {
    LimitConnZone zone("one", 32768);
    {
        LimitConnLeases leases;
        REQUIRE(zone.acquire("a", 1) == Result::Ok);
        leases.add(zone, "a");
        LimitConnLeases moved(std::move(leases));
        CHECK(zone.acquire("a", 1) == Result::Busy);
        leases.release();  // the moved-from holds nothing
        CHECK(zone.acquire("a", 1) == Result::Busy);
    }
    CHECK(zone.keys() == 0);
    CHECK(zone.acquire("a", 1) == Result::Ok);
}
