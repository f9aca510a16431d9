#pragma once
// One request's walk over an upstream group (nginx's per-request rrp data plus the peer connection's
// tries and start_time): which peers it has tried, whether it has moved on to the backups, and how many
// more tries proxy_next_upstream_tries and proxy_next_upstream_timeout allow.
// Owned by one request on one thread; never shared.
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "upstream/clock.hpp"
#include "upstream/hash_ring.hpp"
#include "upstream/peer.hpp"
#include "upstream/tried_set.hpp"

namespace upstream {

class Group;

class Attempt {
public:
    // max_tries: proxy_next_upstream_tries (0: no limit beyond the group's peers);
    // timeout: proxy_next_upstream_timeout (0: none); start: when the request first went upstream.
    Attempt(const Group& group, std::int64_t max_tries, std::chrono::milliseconds timeout, TimePoint start);

    // The peer handed out by Group::select and not yet given back by Group::finish; null otherwise.
    const Peer* current() const { return current_; }
    std::int64_t tries_left() const { return tries_; }
    bool on_backup() const { return on_backup_; }

    // After Group::finish of a failed try: may the request go on to another peer? As nginx's
    // ngx_http_upstream_next, it may while tries are left and proxy_next_upstream_timeout has not passed.
    // Whether the failure kind is one proxy_next_upstream names is the caller's check.
    bool may_try_another(TimePoint now) const;

    // as nginx: an error on a cached keepalive connection does not use up a try.
    void spare_try() { ++tries_; }

    // For ip_hash: the client's address in network order (4 bytes for IPv4, 16 for IPv6, else anything),
    // of which nginx hashes the first three bytes of an IPv4 address, all of an IPv6 one, and three zero
    // bytes for any other client.
    void hash_client(std::string_view binary_address);
    // For hash: the request's key (rendered from the group's "hash" directive; empty: round-robin, as
    // nginx). Under "consistent", the walk starts at the group's first point at or after its crc32.
    void hash_key(std::string key);

private:
    friend class Group;

    TriedSet tried_;
    bool on_backup_ = false;
    const Peer* current_ = nullptr;
    std::size_t current_index_ = 0;  // current_'s index in its list
    std::int64_t tries_;
    TimePoint start_;
    std::chrono::milliseconds timeout_;
    std::array<std::uint8_t, 16> hash_address_{};
    std::size_t hash_address_size_ = 3;
    std::string hash_key_;
    const HashRing* ring_;  // the group's consistent-hash points, if it has them
    // as nginx, from try to try: ip_hash's hash (from 89), hash's sum, or the consistent hash's point
    unsigned hash_ = 89;
    unsigned hashed_ = 0;  // hash: how many times the key was hashed
    // ip_hash, hash and random: the peers passed over (after 20, round-robin chooses)
    int rehashes_ = 0;
};

}  // namespace upstream
