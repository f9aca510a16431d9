#pragma once
// The time the upstream logic reads. Callers pass `now` in, so the logic never reads a clock itself and
// tests can step time by hand.
#include <time.h>

#include <chrono>

namespace upstream {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

// The time for decisions nginx makes with its cached clock (peer health, tries, idle and kept-alive
// connections): CLOCK_MONOTONIC to the scheduler's tick (a few milliseconds), the clock steady_clock reads,
// at a fifth of its cost on a VM, where a request would otherwise read the clock a dozen times.
inline TimePoint coarse_now() noexcept {
    timespec t{};
    ::clock_gettime(CLOCK_MONOTONIC_COARSE, &t);
    return TimePoint(std::chrono::seconds(t.tv_sec) + std::chrono::nanoseconds(t.tv_nsec));
}

// as nginx: peer health is kept in whole seconds (ngx_time()), while proxy_next_upstream_timeout is
// measured in milliseconds (ngx_current_msec).
inline std::chrono::seconds whole_seconds(TimePoint t) {
    return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch());
}

}  // namespace upstream
