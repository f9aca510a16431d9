#include "upstream/counter.hpp"

namespace upstream {

double HistogramTotals::quantile(double q) const {
    if (count == 0) return 0.0;
    const double rank = q * static_cast<double>(count);
    std::uint64_t below = 0;
    for (std::size_t i = 0; i < kLatencyBuckets; ++i) {
        const std::uint64_t here = buckets[i];
        if (here == 0 || static_cast<double>(below + here) < rank) {
            below += here;
            continue;
        }
        if (i == kLatencyBounds.size()) return kLatencyBounds.back();
        const double lower = i == 0 ? 0.0 : kLatencyBounds[i - 1];
        const double upper = kLatencyBounds[i];
        return lower + (upper - lower) * (rank - static_cast<double>(below)) / static_cast<double>(here);
    }
    return kLatencyBounds.back();
}

}  // namespace upstream
