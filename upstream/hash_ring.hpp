#pragma once
// The points of nginx's consistent hash ("hash KEY consistent"): 160 per unit of weight for each primary
// peer, placed as Cache::Memcached::Fast places them, sorted; a key's crc32 falls on the first point at
// or after it, and the walk goes on point by point from there.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "upstream/peer.hpp"

namespace upstream {

// nginx's ngx_crc32 (zlib's CRC-32) of a text.
std::uint32_t crc32_of(std::string_view text);

class HashRing {
public:
    // The peers must outlive the ring (it keeps pointers to their server names).
    explicit HashRing(std::span<const Peer> peers);

    std::size_t size() const { return points_.size(); }
    // The first point at or after `hash`; size() when there is none (the walk then wraps to the first).
    std::size_t find(std::uint32_t hash) const;
    // The server (as written) that the point `i % size()` stands for.
    const std::string& server(std::size_t i) const { return *points_[i % points_.size()].server; }

private:
    struct Point {
        std::uint32_t hash;
        const std::string* server;
    };
    std::vector<Point> points_;
};

}  // namespace upstream
