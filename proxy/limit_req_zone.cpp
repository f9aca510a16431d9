#include "proxy/limit_req_zone.hpp"

#include <bit>

namespace proxy {

LimitReqZone::LimitReqZone(std::string name, std::int64_t rate, std::int64_t size)
    : name_(std::move(name)), rate_(rate), capacity_(static_cast<std::size_t>(size)) {}

std::size_t LimitReqZone::cost(std::size_t key_size) { return std::bit_ceil(80 + key_size); }

std::size_t LimitReqZone::keys() const {
    std::lock_guard lock(mutex_);
    return index_.size();
}

// As nginx: what the bucket holds now with this request, in milli-requests; a clock that went back a
// little counts as no time, far back (over a minute) as one millisecond.
std::int64_t LimitReqZone::leak(const Node& node, std::uint64_t now) const {
    auto ms = static_cast<std::int64_t>(now - node.last);
    if (ms < -60000) {
        ms = 1;
    } else if (ms < 0) {
        ms = 0;
    }
    std::int64_t excess = node.excess - rate_ * ms / 1000 + 1000;
    return excess < 0 ? 0 : excess;
}

LimitReqZone::Result LimitReqZone::lookup(std::string_view key, std::uint64_t now, std::int64_t burst, bool account,
                                          std::int64_t& excess) {
    std::lock_guard lock(mutex_);
    if (auto it = index_.find(key); it != index_.end()) {
        queue_.splice(queue_.begin(), queue_, it->second);
        Node& node = *it->second;
        excess = leak(node, now);
        if (excess > burst) return Result::Busy;
        if (!account) return Result::Again;
        node.excess = excess;
        if (now != node.last) node.last = now;
        return Result::Ok;
    }
    excess = 0;
    std::size_t need = cost(key.size());
    expire(1, now);
    if (used_ + need > capacity_) expire(0, now);
    if (used_ + need > capacity_) return Result::Error;
    // as nginx: a key not accounted yet starts at time 0, so that account() finds its bucket drained
    queue_.push_front(Node{std::string(key), 0, account ? now : 0});
    index_.emplace(queue_.front().key, queue_.begin());
    used_ += need;
    return account ? Result::Ok : Result::Again;
}

std::int64_t LimitReqZone::account(std::string_view key, std::uint64_t now) {
    std::lock_guard lock(mutex_);
    auto it = index_.find(key);
    if (it == index_.end()) return 0;  // evicted in between: nothing left to charge
    Node& node = *it->second;
    std::int64_t excess = leak(node, now);
    if (now != node.last) node.last = now;
    node.excess = excess;
    return excess;
}

void LimitReqZone::drop(Queue::iterator it) {
    used_ -= cost(it->key.size());
    index_.erase(it->key);
    queue_.erase(it);
}

void LimitReqZone::expire(int n, std::uint64_t now) {
    while (n < 3 && !queue_.empty()) {
        auto oldest = std::prev(queue_.end());
        if (n++ != 0) {
            auto ms = static_cast<std::int64_t>(now - oldest->last);
            ms = ms < 0 ? -ms : ms;
            if (ms < 60000) return;
            if (oldest->excess - rate_ * ms / 1000 > 0) return;
        }
        drop(oldest);
    }
}

}  // namespace proxy
