// limit_req's leaky bucket as nginx computes it, in milli-requests, and its eviction within the zone's size.
#include <catch2/catch.hpp>

#include "proxy/limit_req_zone.hpp"

using proxy::LimitReqZone;
using Result = LimitReqZone::Result;

namespace {

constexpr std::uint64_t kStart = 10'000'000;  // a steady clock's milliseconds, well past boot

}  // namespace

TEST_CASE("the bucket leaks at the zone's rate and refuses what is over the burst", "[limit_req]") {
    LimitReqZone zone("one", 1000, 1 << 20);  // rate=1r/s
    std::int64_t excess = -1;
    CHECK(zone.lookup("a", kStart, 0, true, excess) == Result::Ok);
    CHECK(excess == 0);  // a new key starts empty
    CHECK(zone.lookup("a", kStart, 0, true, excess) == Result::Busy);
    CHECK(excess == 1000);
    CHECK(zone.lookup("a", kStart, 1000, true, excess) == Result::Ok);  // burst=1 takes it
    CHECK(zone.lookup("a", kStart + 500, 1000, true, excess) == Result::Busy);
    CHECK(excess == 1500);  // 1000 - 500 leaked + 1000; a refused request is not kept
    CHECK(zone.lookup("a", kStart + 1000, 1000, true, excess) == Result::Ok);
    CHECK(excess == 1000);
    CHECK(zone.lookup("a", kStart + 5000, 0, true, excess) == Result::Ok);
    CHECK(excess == 0);  // never below empty
    CHECK(zone.lookup("b", kStart, 0, true, excess) == Result::Ok);  // keys are apart
}

TEST_CASE("a rate per minute leaks in whole milli-requests", "[limit_req]") {
    LimitReqZone zone("m", 1 * 1000 / 60, 1 << 20);  // rate=1r/m: 16 milli-requests per second
    std::int64_t excess = 0;
    zone.lookup("k", kStart, 0, true, excess);
    CHECK(zone.lookup("k", kStart + 1000, 5000, true, excess) == Result::Ok);
    CHECK(excess == 984);
    CHECK(zone.lookup("k", kStart + 1999, 5000, true, excess) == Result::Ok);
    CHECK(excess == 984 - 15 + 1000);  // 16 * 999 / 1000 leaked
}

TEST_CASE("a limit before the last is charged only by account()", "[limit_req]") {
    LimitReqZone zone("two", 1000, 1 << 20);
    std::int64_t excess = 0;
    CHECK(zone.lookup("k", kStart, 0, false, excess) == Result::Again);
    CHECK(zone.account("k", kStart) == 0);  // as nginx: a new key's first charge finds it drained
    CHECK(zone.lookup("k", kStart, 0, false, excess) == Result::Busy);
    CHECK(zone.lookup("k", kStart + 1000, 0, false, excess) == Result::Again);
    CHECK(excess == 0);
    CHECK(zone.lookup("k", kStart + 1000, 0, false, excess) == Result::Again);  // not charged yet
    CHECK(zone.account("k", kStart + 1000) == 0);
}

TEST_CASE("a full zone evicts as nginx: idle drained keys, else the oldest", "[limit_req]") {
    LimitReqZone zone("small", 1000, 32768);  // 256 keys of nginx's 128-byte slab nodes
    std::int64_t excess = 0;
    for (int i = 0; i < 300; ++i) CHECK(zone.lookup("key" + std::to_string(i), kStart, 0, true, excess) == Result::Ok);
    CHECK(zone.keys() == 256);
    // the oldest were forced out: "key0" is new again, "key299" still remembered
    CHECK(zone.lookup("key299", kStart, 0, true, excess) == Result::Busy);
    CHECK(zone.lookup("key0", kStart, 0, true, excess) == Result::Ok);
    // a minute later idle keys go two at a time as new ones come
    for (int i = 0; i < 10; ++i) zone.lookup("late" + std::to_string(i), kStart + 61000, 0, true, excess);
    CHECK(zone.keys() == 256 - 10);
}
