#pragma once
// limit_rate and limit_rate_after: how nginx's write filter paces a response.
#include <chrono>
#include <cstdint>

namespace proxy {

// What a paced response may do now: send up to `allowed` bytes, or (allowed 0) wait `wait` first.
struct RateWindow {
    std::int64_t allowed;
    std::chrono::milliseconds wait;
};

// The window of a response that has sent `sent` bytes (its header included) within `elapsed` of the
// request's start, at `rate` bytes per second after its first `after` bytes (no limit when `rate` is 0).
// nginx's arithmetic: elapsed whole seconds plus one, so a second's worth goes out at once.
RateWindow rate_window(std::int64_t rate, std::int64_t after, std::uint64_t sent,
                       std::chrono::steady_clock::duration elapsed);

}  // namespace proxy
