#pragma once
// The counters an operator reads on the status page, made for the data path: each worker thread writes
// only its own copy (so an increment is a plain load, add and store, with no lock and no locked
// instruction), and a reader sums the copies of all workers. They are relaxed atomics so that the reader
// on another thread sees whole values (and ThreadSanitizer agrees); a sum is a moment's view, not a
// consistent snapshot across counters.
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace upstream {

// Written by one thread only; read by any.
class Counter {
public:
    void add(std::uint64_t n = 1) {
        value_.store(value_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    }
    std::uint64_t get() const { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::uint64_t> value_{0};
};

// The upper bounds, in seconds, of a latency histogram's buckets (Prometheus' "le"); one more bucket
// takes what is slower than the last. From half a millisecond (a kept-alive loopback peer) to 10 s (a
// connect or read timeout's scale).
inline constexpr std::array<double, 14> kLatencyBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                          0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   10.0};
inline constexpr std::size_t kLatencyBuckets = kLatencyBounds.size() + 1;

// A histogram's sums over the workers: counts per bucket (not cumulative), their total and the sum.
struct HistogramTotals {
    std::array<std::uint64_t, kLatencyBuckets> buckets{};
    std::uint64_t count = 0;
    std::uint64_t sum_us = 0;  // microseconds

    double sum_seconds() const { return static_cast<double>(sum_us) / 1e6; }
    double mean_seconds() const { return count ? sum_seconds() / static_cast<double>(count) : 0.0; }
    // The q-quantile (0 < q < 1) as Prometheus' histogram_quantile estimates it: linear within the
    // bucket it falls in; the last finite bound when it falls in the open bucket; 0 without samples.
    double quantile(double q) const;
};

// A latency histogram written by one thread only.
class Histogram {
public:
    void observe(double seconds) {
        std::size_t i = 0;
        while (i < kLatencyBounds.size() && seconds > kLatencyBounds[i]) ++i;
        buckets_[i].add();
        count_.add();
        sum_us_.add(seconds > 0 ? static_cast<std::uint64_t>(seconds * 1e6 + 0.5) : 0);
    }
    void add_to(HistogramTotals& totals) const {
        for (std::size_t i = 0; i < kLatencyBuckets; ++i) totals.buckets[i] += buckets_[i].get();
        totals.count += count_.get();
        totals.sum_us += sum_us_.get();
    }

private:
    std::array<Counter, kLatencyBuckets> buckets_;
    Counter count_;
    Counter sum_us_;
};

// Sums for the status page: one worker's counter added into a total.
inline void add_into(std::uint64_t& total, const Counter& c) { total += c.get(); }
inline void add_into(HistogramTotals& total, const Histogram& h) { h.add_to(total); }

// The response classes counted: 1xx..5xx.
inline constexpr std::size_t kStatusClasses = 5;
inline std::size_t status_class(int status) {
    return status >= 100 && status < 600 ? static_cast<std::size_t>(status / 100 - 1) : kStatusClasses;
}

inline void count_status(std::array<Counter, kStatusClasses>& responses, int status) {
    if (std::size_t c = status_class(status); c < kStatusClasses) responses[c].add();
}

// X.509 verify results are counted by code; the codes BoringSSL knows are below this, and any other
// is counted in the last slot.
inline constexpr std::size_t kVerifyCodes = 80;
inline std::size_t verify_slot(long code) {
    return code > 0 && code < static_cast<long>(kVerifyCodes) ? static_cast<std::size_t>(code) : kVerifyCodes - 1;
}

}  // namespace upstream
