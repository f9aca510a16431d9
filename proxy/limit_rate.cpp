#include "proxy/limit_rate.hpp"

#include <limits>

namespace proxy {

RateWindow rate_window(std::int64_t rate, std::int64_t after, std::uint64_t sent,
                       std::chrono::steady_clock::duration elapsed) {
    if (rate <= 0) return {std::numeric_limits<std::int64_t>::max(), std::chrono::milliseconds(0)};
    const std::int64_t seconds = std::chrono::duration_cast<std::chrono::seconds>(elapsed).count();
    const std::int64_t limit = rate * (seconds + 1) - (static_cast<std::int64_t>(sent) - after);
    if (limit > 0) return {limit, std::chrono::milliseconds(0)};
    return {0, std::chrono::milliseconds(-limit * 1000 / rate + 1)};
}

}  // namespace proxy
