#pragma once
// nginx's connection counters (ngx_stat_* and the connection number): with a master process they live in
// memory all worker processes share, so they go on across reloads and worker restarts. stub_status and
// the $connections_* variables read them.
#include <atomic>
#include <cstdint>

namespace proxy {

struct ConnectionCounters {
    std::atomic<std::uint64_t> last_id{0};    // the number of the last connection ($connection, "*N")
    std::atomic<std::uint64_t> accepted{0};
    std::atomic<std::uint64_t> handled{0};
    std::atomic<std::uint64_t> requests{0};
    std::atomic<std::int64_t> active{0};
    std::atomic<std::int64_t> reading{0};     // reading a request header
    std::atomic<std::int64_t> writing{0};     // a request being answered
    std::atomic<std::int64_t> waiting{0};     // idle, waiting for a request
    // as nginx's temp number, kept in the same shared memory: what multipart/byteranges boundaries count
    // (handlers, which only read the counters above, draw from it)
    mutable std::atomic<std::uint64_t> temp_number{0};
};

// Counts one in `counter` for as long as it lives.
class Counted {
public:
    explicit Counted(std::atomic<std::int64_t>& counter) : counter_(&counter) { ++*counter_; }
    ~Counted() {
        if (counter_) --*counter_;
    }
    Counted(const Counted&) = delete;
    Counted& operator=(const Counted&) = delete;
    // Stops counting before the end of the scope.
    void end() {
        if (counter_) --*counter_;
        counter_ = nullptr;
    }

private:
    std::atomic<std::int64_t>* counter_;
};

}  // namespace proxy
