// limit_rate's pacing: nginx's write-filter arithmetic.
#include <catch2/catch.hpp>

#include <limits>

#include "proxy/limit_rate.hpp"

using namespace std::chrono_literals;
using proxy::rate_window;

namespace {
std::int64_t allowed(std::int64_t rate, std::int64_t after, std::uint64_t sent, std::chrono::milliseconds elapsed) {
    return rate_window(rate, after, sent, elapsed).allowed;
}
std::chrono::milliseconds wait(std::int64_t rate, std::int64_t after, std::uint64_t sent, std::chrono::milliseconds elapsed) {
    return rate_window(rate, after, sent, elapsed).wait;
}
}  // namespace

TEST_CASE("without a rate everything may go now", "[limit_rate]") {
    CHECK(allowed(0, 0, 1 << 30, 0ms) == std::numeric_limits<std::int64_t>::max());
    CHECK(wait(0, 0, 1 << 30, 0ms) == 0ms);
}

TEST_CASE("the first second's worth goes at once, more waits for its time", "[limit_rate]") {
    CHECK(allowed(1000, 0, 0, 0ms) == 1000);
    CHECK(allowed(1000, 0, 999, 0ms) == 1);
    CHECK(wait(1000, 0, 1000, 0ms) == 1ms);  // exactly the allowance: nginx waits its extra 1 ms
    CHECK(wait(1000, 0, 3000, 0ms) == 2001ms);
    CHECK(wait(1000, 0, 3000, 1500ms) == 1001ms);
    CHECK(allowed(1000, 0, 3000, 3000ms) == 1000);
}

TEST_CASE("limit_rate_after's bytes are not counted", "[limit_rate]") {
    CHECK(allowed(1000, 5000, 5500, 0ms) == 500);
    CHECK(wait(1000, 5000, 7000, 0ms) == 1001ms);
}
