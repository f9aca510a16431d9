#include "upstream/hash_ring.hpp"

#include <strings.h>
#include <zlib.h>

#include <algorithm>
#include <array>

namespace upstream {

namespace {

// The crc32 of what `crc` was the crc32 of, followed by `text`.
uLong extend(uLong crc, std::string_view text) {
    // zlib takes a null buffer as a request for the initial value: an empty text changes nothing
    if (text.empty()) return crc;
    return crc32(crc, reinterpret_cast<const Bytef*>(text.data()), static_cast<uInt>(text.size()));
}

// The crc32 of "HOST\0PORT" that every point of a server starts from: a "unix:" path is all host, and
// a trailing ":digits" is the port, as nginx splits the server's name.
uLong base_hash(std::string_view server) {
    std::string_view host = server;
    std::string_view port;
    if (server.size() >= 5 && strncasecmp(server.data(), "unix:", 5) == 0) {
        host = server.substr(5);
    } else {
        std::size_t colon = server.find_last_not_of("0123456789");
        if (colon != std::string_view::npos && server[colon] == ':') {
            host = server.substr(0, colon);
            port = server.substr(colon + 1);
        }
    }
    return extend(extend(extend(0, host), std::string_view("", 1)), port);
}

}  // namespace

std::uint32_t crc32_of(std::string_view text) { return static_cast<std::uint32_t>(extend(0, text)); }

HashRing::HashRing(std::span<const Peer> peers) {
    for (const Peer& peer : peers) {
        const uLong base = base_hash(peer.server);
        // each point hashes on from the previous one's value, as its four bytes in little-endian order
        std::uint32_t previous = 0;
        for (std::int64_t j = 0; j < peer.weight * 160; ++j) {
            std::array<Bytef, 4> bytes{};
            for (std::size_t b = 0; b < 4; ++b) bytes[b] = static_cast<Bytef>(previous >> (8 * b));
            previous = static_cast<std::uint32_t>(crc32(base, bytes.data(), 4));
            points_.push_back({previous, &peer.server});
        }
    }
    std::stable_sort(points_.begin(), points_.end(), [](const Point& a, const Point& b) { return a.hash < b.hash; });
    // as nginx: one point per hash (the addresses of one server share all theirs)
    points_.erase(
        std::unique(points_.begin(), points_.end(), [](const Point& a, const Point& b) { return a.hash == b.hash; }),
        points_.end());
}

std::size_t HashRing::find(std::uint32_t hash) const {
    return static_cast<std::size_t>(std::lower_bound(points_.begin(), points_.end(), hash,
                                                     [](const Point& p, std::uint32_t h) { return p.hash < h; }) -
                                    points_.begin());
}

}  // namespace upstream
