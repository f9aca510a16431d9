#pragma once
// One limit_req_zone's state: a leaky bucket per key, computed as nginx's ngx_http_limit_req_lookup does
// in milli-requests, kept within the memory the zone's size gives and evicted as nginx's expire step
// evicts. Shared by the worker threads of the process: every step holds the zone's lock.
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace proxy {

class LimitReqZone {
public:
    // rate: milli-requests per second; size: the bytes nginx would give the zone's shared memory.
    LimitReqZone(std::string name, std::int64_t rate, std::int64_t size);

    const std::string& name() const { return name_; }
    std::int64_t rate() const { return rate_; }

    enum class Result { Ok, Again, Busy, Error };
    // ngx_http_limit_req_lookup at `now` (milliseconds of a steady clock): Busy when the excess this
    // request brings is above `burst`; else with `account` the bucket keeps it (Ok), without (a limit
    // that is not the last) it is left for account() once every limit passed (Again). Error: no room.
    Result lookup(std::string_view key, std::uint64_t now, std::int64_t burst, bool account, std::int64_t& excess);
    // ngx_http_limit_req_account's step for a limit that answered Again: the bucket takes the request.
    std::int64_t account(std::string_view key, std::uint64_t now);

    std::size_t keys() const;

private:
    struct Node {
        std::string key;
        std::int64_t excess = 0;
        std::uint64_t last = 0;
    };
    using Queue = std::list<Node>;  // most recently used first, as nginx's queue
    // How much of the zone a key takes: nginx's node (rbtree node and state, about 80 bytes, and the
    // key) rounded up to its slab allocator's power-of-two size.
    static std::size_t cost(std::size_t key_size);
    // ngx_http_limit_req_expire: n == 1 drops up to two idle, drained keys from the old end; n == 0
    // drops the oldest key whatever its state, then up to two idle ones.
    void expire(int n, std::uint64_t now);
    void drop(Queue::iterator it);
    std::int64_t leak(const Node& node, std::uint64_t now) const;

    std::string name_;
    std::int64_t rate_;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::size_t used_ = 0;
    Queue queue_;
    std::unordered_map<std::string_view, Queue::iterator> index_;
};

}  // namespace proxy
