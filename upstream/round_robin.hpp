#pragma once
// nginx's smooth weighted round-robin over one list of peers (the primaries or the backups of a group),
// with its failure accounting: ngx_http_upstream_get_peer and ngx_http_upstream_free_round_robin_peer.
// Not thread-safe: the owning Group holds its lock around every call.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <string_view>
#include <vector>

#include "upstream/hash_ring.hpp"
#include "upstream/peer.hpp"
#include "upstream/tried_set.hpp"

namespace upstream {

class PeerList {
public:
    explicit PeerList(std::vector<Peer> peers);

    std::span<const Peer> peers() const { return peers_; }
    std::size_t size() const { return peers_.size(); }
    bool empty() const { return peers_.empty(); }
    // as nginx's peers->tries: the peers not marked `down`, which is what a request may try at most.
    std::int64_t tries() const { return tries_; }

    // The next peer by weight among those not tried, not down, not failed and not full; marks it tried.
    std::optional<std::size_t> pick(TriedSet& tried, std::chrono::seconds now);
    // least_conn: among the same peers, the fewest requests for its weight, ties by round-robin.
    std::optional<std::size_t> pick_least_conn(TriedSet& tried, std::chrono::seconds now);
    // ip_hash: the peer the client's address hashes to (`hash` carried from try to try, as nginx), its
    // next rehash when that one is not usable; nothing once `rehashes` passes 20 (round-robin then).
    std::optional<std::size_t> pick_ip_hash(TriedSet& tried, std::chrono::seconds now,
                                            std::span<const std::uint8_t> address, unsigned& hash, int& rehashes);
    // hash: the peer the key's crc32 sums (`hash`, from try to try) to by weight, the key hashed again
    // with the count of hashes before it (`hashed`) past a peer not usable; nothing after 20 of those.
    std::optional<std::size_t> pick_hash(TriedSet& tried, std::chrono::seconds now, std::string_view key,
                                         unsigned& hash, unsigned& hashed, int& rehashes);
    // hash consistent: by round-robin among the usable peers of the server at ring point `point`, else
    // at the next point (`point` carried from try to try); nothing after 20 points without one.
    std::optional<std::size_t> pick_consistent(TriedSet& tried, std::chrono::seconds now, const HashRing& ring,
                                               unsigned& point, int& rehashes);
    // random: a peer drawn by weight, drawn again when not usable; `two`: the one with fewer requests for
    // its weight of two usable peers drawn. Nothing after 20 draws that gave none.
    std::optional<std::size_t> pick_random(TriedSet& tried, std::chrono::seconds now, std::mt19937& random, bool two,
                                           int& rehashes);
    // Returns true when the peer has now reached max_fails (nginx warns "temporarily disabled").
    bool record_failure(std::size_t i, std::chrono::seconds now);
    void record_success(std::size_t i);
    // as nginx: the peer failed max_fails times and its fail_timeout has not passed since
    bool resting(std::size_t i, std::chrono::seconds now) const;
    // as nginx: the peer's requests at once have reached its max_conns
    bool full(std::size_t i) const;

    PeerState& state(std::size_t i) { return states_[i]; }
    const PeerState& state(std::size_t i) const { return states_[i]; }

private:
    bool usable(std::size_t i, std::chrono::seconds now) const;
    // The peer a number falls on when the peers share out `total_weight_` by weight (down ones too).
    std::size_t by_weight(std::uint64_t n) const;
    // Smooth weighted round-robin among the peers not tried, usable and `eligible`.
    template <class Eligible>
    std::optional<std::size_t> pick_among(TriedSet& tried, std::chrono::seconds now, Eligible eligible);
    // Marks the chosen peer tried and, after fail_timeout, probed.
    std::size_t take(TriedSet& tried, std::size_t i, std::chrono::seconds now);

    std::vector<Peer> peers_;
    std::vector<PeerState> states_;
    std::int64_t tries_ = 0;
    std::int64_t total_weight_ = 0;
};

}  // namespace upstream
