#pragma once
// The time the upstream logic reads. Callers pass `now` in, so the logic never reads a clock itself and
// tests can step time by hand.
#include <chrono>

namespace upstream {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

// as nginx: peer health is kept in whole seconds (ngx_time()), while proxy_next_upstream_timeout is
// measured in milliseconds (ngx_current_msec).
inline std::chrono::seconds whole_seconds(TimePoint t) {
    return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch());
}

}  // namespace upstream
