#pragma once
// An upstream group as the workers use it: built once per config from a confparse::Upstream, then shared
// by every worker thread of that config generation.
//
// Thread safety: peer health (weights, fails, times, connection counts) lives behind one mutex per group,
// held only for the O(peers) arithmetic of select() and finish(). This is nginx's own choice: with a
// `zone`, every ngx_http_upstream_get_round_robin_peer takes the group's write lock in shared memory.
// The config half of each Peer never changes, so Peer pointers may be read without the lock. The status
// counters (counters()) are outside the lock: each worker thread writes its own copy.
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include "confparse/config.hpp"
#include "upstream/attempt.hpp"
#include "upstream/clock.hpp"
#include "upstream/errors.hpp"
#include "upstream/hash_ring.hpp"
#include "upstream/peer.hpp"
#include "upstream/peer_counters.hpp"
#include "upstream/round_robin.hpp"

namespace upstream {

// What select() gives: a peer, or nginx's "no live upstreams" (which nginx logs as
// "no live upstreams while connecting to upstream" and answers with 502, without trying further).
struct Pick {
    const Peer* peer = nullptr;

    explicit operator bool() const { return peer != nullptr; }
    std::error_code error() const { return peer ? std::error_code{} : make_error_code(Errc::no_live_upstreams); }
};

// How a try ended, as the state nginx passes to ngx_http_upstream_free_round_robin_peer.
enum class Outcome {
    Success,  // the response came (state 0 or NGX_PEER_KEEPALIVE)
    Next,     // moved on without blaming the peer: a 403 or 404 named by proxy_next_upstream (NGX_PEER_NEXT)
    Failed,   // error, timeout, invalid header or a 5xx/429 named by proxy_next_upstream (NGX_PEER_FAILED)
};

// A peer's health as the status page shows it.
enum class Health {
    Up,
    Down,         // marked `down` in the configuration
    Unavailable,  // as nginx: failed max_fails times, resting for fail_timeout
};

struct Finished {
    // as nginx: the peer has reached max_fails; nginx warns "upstream server temporarily disabled".
    bool temporarily_disabled = false;
};

class Group {
public:
    // `workers`: the worker threads that count into the group's peer counters (see counters()).
    explicit Group(const confparse::Upstream& config, std::size_t workers = 1);
    Group(const Group&) = delete;
    Group& operator=(const Group&) = delete;

    const std::string& name() const { return name_; }
    std::span<const Peer> primary() const { return primary_.peers(); }
    std::span<const Peer> backup() const { return backup_.peers(); }
    // as nginx's ngx_http_upstream_tries: every peer not marked down, primaries and backups.
    std::int64_t tries() const { return primary_.tries() + backup_.tries(); }
    // The consistent-hash points of a "hash ... consistent" group; null for any other.
    const HashRing* ring() const { return ring_.get(); }

    // Picks the next peer for the attempt (ngx_http_upstream_get_round_robin_peer). Each pick must be
    // given back with finish() before the next select() on the same attempt.
    Pick select(Attempt& attempt, TimePoint now);
    // Gives the attempt's current peer back and accounts for how the try went. Uses up one of the
    // attempt's tries; with a single-peer group, all of them (nginx never retries a lone peer).
    Finished finish(Attempt& attempt, Outcome outcome, TimePoint now);

    // A consistent copy of one peer's health, for status pages and tests.
    PeerState state(const Peer& peer) const;
    Health health(const Peer& peer, TimePoint now) const;

    // A worker thread's own counters for a peer: only that worker writes them, without a lock.
    PeerCounters& counters(std::size_t worker, const Peer& peer) const {
        return (*counters_[worker % counters_.size()])[peer.index];
    }
    // The sum of every worker's counters for a peer.
    PeerTotals totals(const Peer& peer) const;

private:
    bool choose(Attempt& attempt, PeerList& list, std::chrono::seconds now);
    // The primary the group's method (ip_hash, hash, random) gives, if any.
    std::optional<std::size_t> choose_by_method(Attempt& attempt, std::chrono::seconds now);

    std::string name_;
    confparse::Upstream::Balance balance_;
    PeerList primary_;
    PeerList backup_;
    // as nginx: one primary and no backups; such a peer is never marked failed and never skipped for it.
    bool single_;
    std::unique_ptr<const HashRing> ring_;
    mutable std::mutex mutex_;
    std::mt19937 random_{std::random_device{}()};  // random's draws, under mutex_
    // per worker, per peer (Peer::index); each worker's array is an allocation of its own
    std::vector<std::unique_ptr<std::vector<PeerCounters>>> counters_;
};

}  // namespace upstream
