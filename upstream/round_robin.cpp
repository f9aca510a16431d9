#include "upstream/round_robin.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace upstream {

PeerList::PeerList(std::vector<Peer> peers) : peers_(std::move(peers)), states_(peers_.size()) {
    for (std::size_t i = 0; i < peers_.size(); ++i) {
        states_[i].effective_weight = peers_[i].weight;
        if (!peers_[i].down) ++tries_;
        total_weight_ += peers_[i].weight;
    }
}

bool PeerList::usable(std::size_t i, std::chrono::seconds now) const {
    const Peer& peer = peers_[i];
    if (peer.down) return false;
    return !resting(i, now) && !full(i);
}

bool PeerList::full(std::size_t i) const {
    // as nginx: peer->conns counts from the peer's choice to its free, so a kept-alive connection idle in
    // the pool is not counted, and every balancing method passes over a peer that has reached max_conns
    return peers_[i].max_conns && states_[i].conns >= peers_[i].max_conns;
}

bool PeerList::resting(std::size_t i, std::chrono::seconds now) const {
    const Peer& peer = peers_[i];
    const PeerState& s = states_[i];
    // as nginx: a failed peer rests for fail_timeout after its last failure or probe, then gets one probe.
    return peer.max_fails && s.fails >= peer.max_fails && now - s.checked <= peer.fail_timeout;
}

template <class Eligible>
std::optional<std::size_t> PeerList::pick_among(TriedSet& tried, std::chrono::seconds now, Eligible eligible) {
    std::optional<std::size_t> best;
    std::int64_t total = 0;
    for (std::size_t i = 0; i < peers_.size(); ++i) {
        if (tried.contains(i) || !usable(i, now) || !eligible(i)) continue;
        PeerState& s = states_[i];
        s.current_weight += s.effective_weight;
        total += s.effective_weight;
        // as nginx: weight lost to failures comes back one step per selection round the peer takes part in.
        if (s.effective_weight < peers_[i].weight) ++s.effective_weight;
        if (!best || s.current_weight > states_[*best].current_weight) best = i;
    }
    if (!best) return std::nullopt;
    states_[*best].current_weight -= total;
    return take(tried, *best, now);
}

std::optional<std::size_t> PeerList::pick(TriedSet& tried, std::chrono::seconds now) {
    return pick_among(tried, now, [](std::size_t) { return true; });
}

std::size_t PeerList::by_weight(std::uint64_t n) const {
    std::int64_t w = static_cast<std::int64_t>(n % static_cast<std::uint64_t>(total_weight_));
    std::size_t i = 0;
    while (w >= peers_[i].weight) w -= peers_[i++].weight;
    return i;
}

std::size_t PeerList::take(TriedSet& tried, std::size_t i, std::chrono::seconds now) {
    tried.insert(i);
    PeerState& chosen = states_[i];
    // as nginx: picking a peer after fail_timeout is a probe; a success after it clears the failures.
    if (now - chosen.checked > peers_[i].fail_timeout) chosen.checked = now;
    return i;
}

std::optional<std::size_t> PeerList::pick_least_conn(TriedSet& tried, std::chrono::seconds now) {
    // requests per weight compared without division: a.conns / a.weight < b.conns / b.weight
    auto fewer = [&](std::size_t a, std::size_t b) {
        return states_[a].conns * peers_[b].weight < states_[b].conns * peers_[a].weight;
    };
    auto same = [&](std::size_t a, std::size_t b) { return !fewer(a, b) && !fewer(b, a); };
    std::optional<std::size_t> best;
    bool many = false;
    for (std::size_t i = 0; i < peers_.size(); ++i) {
        if (tried.contains(i) || !usable(i, now)) continue;
        if (!best || fewer(i, *best)) {
            best = i;
            many = false;
        } else if (same(i, *best)) {
            many = true;
        }
    }
    if (!best) return std::nullopt;
    // as nginx: round-robin by weight among the peers tied for fewest (none before the first is tied)
    if (many) return pick_among(tried, now, [&, first = *best](std::size_t i) { return same(i, first); });
    return take(tried, *best, now);
}

std::optional<std::size_t> PeerList::pick_ip_hash(TriedSet& tried, std::chrono::seconds now,
                                                  std::span<const std::uint8_t> address, unsigned& hash,
                                                  int& rehashes) {
    unsigned h = hash;
    while (rehashes <= 20) {
        for (std::uint8_t byte : address) h = (h * 113 + byte) % 6271;
        std::size_t i = by_weight(h);
        if (!tried.contains(i) && usable(i, now)) {
            hash = h;
            return take(tried, i, now);
        }
        ++rehashes;
    }
    return std::nullopt;
}

std::optional<std::size_t> PeerList::pick_hash(TriedSet& tried, std::chrono::seconds now, std::string_view key,
                                               unsigned& hash, unsigned& hashed, int& rehashes) {
    while (rehashes <= 20) {
        // as nginx (Cache::Memcached's formula): the crc32 of the key, after the first time prefixed with
        // the number of hashes so far, adds its bits 16 to 30 to the hash
        std::string text = hashed > 0 ? std::to_string(hashed) + std::string(key) : std::string(key);
        hash += (crc32_of(text) >> 16) & 0x7fff;
        ++hashed;
        std::size_t i = by_weight(hash);
        if (!tried.contains(i) && usable(i, now)) return take(tried, i, now);
        ++rehashes;
    }
    return std::nullopt;
}

std::optional<std::size_t> PeerList::pick_consistent(TriedSet& tried, std::chrono::seconds now, const HashRing& ring,
                                                     unsigned& point, int& rehashes) {
    while (rehashes <= 20) {
        const std::string& server = ring.server(point);
        auto index = pick_among(tried, now, [&](std::size_t i) { return peers_[i].server == server; });
        if (index) return index;
        ++point;
        ++rehashes;
    }
    return std::nullopt;
}

std::optional<std::size_t> PeerList::pick_random(TriedSet& tried, std::chrono::seconds now, std::mt19937& random,
                                                 bool two, int& rehashes) {
    std::optional<std::size_t> first;  // for `two`: the first of the pair
    while (rehashes <= 20) {
        std::size_t i = by_weight(random());
        if (i != first && !tried.contains(i) && usable(i, now)) {
            if (!two) return take(tried, i, now);
            if (first) {
                // as nginx: the second unless the first has fewer requests for its weight
                bool first_fewer = states_[i].conns * peers_[*first].weight > states_[*first].conns * peers_[i].weight;
                return take(tried, first_fewer ? *first : i, now);
            }
            first = i;
        }
        ++rehashes;
    }
    return std::nullopt;
}

bool PeerList::record_failure(std::size_t i, std::chrono::seconds now) {
    const Peer& peer = peers_[i];
    PeerState& s = states_[i];
    ++s.fails;
    ++s.failures;
    s.accessed = now;
    s.checked = now;
    if (!peer.max_fails) return false;
    s.effective_weight = std::max<std::int64_t>(0, s.effective_weight - peer.weight / peer.max_fails);
    return s.fails >= peer.max_fails;
}

void PeerList::record_success(std::size_t i) {
    PeerState& s = states_[i];
    // as nginx: only a success after a probe (checked moved past the last failure) makes the peer live.
    if (s.accessed < s.checked) s.fails = 0;
}

}  // namespace upstream
