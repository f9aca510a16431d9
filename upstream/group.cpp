#include "upstream/group.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace upstream {

namespace {

// One peer per resolved address of each server of the kind asked for, in the order written.
std::vector<Peer> peers_of(const confparse::Upstream& config, bool backup, std::size_t first_index) {
    std::vector<Peer> peers;
    for (const confparse::UpstreamServer& server : config.servers) {
        if (server.backup != backup) continue;
        for (const std::string& address : server.resolved) {
            Peer& peer = peers.emplace_back();
            peer.name = address;
            peer.server = server.address;
            peer.weight = server.weight;
            peer.max_fails = server.max_fails;
            // nginx keeps fail_timeout in whole seconds; confparse reads it as seconds and stores ms.
            peer.fail_timeout = std::chrono::duration_cast<std::chrono::seconds>(
                std::chrono::milliseconds(server.fail_timeout));
            peer.max_conns = server.max_conns;
            peer.down = server.down;
            peer.backup = server.backup;
            peer.index = first_index + peers.size() - 1;
        }
    }
    return peers;
}

}  // namespace

Group::Group(const confparse::Upstream& config, std::size_t workers)
    : name_(config.name),
      balance_(config.balance),
      primary_(peers_of(config, false, 0)),
      backup_(peers_of(config, true, primary_.size())),
      single_(primary_.size() == 1 && backup_.empty()) {
    if (balance_ == confparse::Upstream::Balance::HashConsistent) ring_ = std::make_unique<HashRing>(primary_.peers());
    for (std::size_t w = 0; w < std::max<std::size_t>(workers, 1); ++w) {
        counters_.push_back(std::make_unique<std::vector<PeerCounters>>(primary_.size() + backup_.size()));
    }
}

bool Group::choose(Attempt& attempt, PeerList& list, std::chrono::seconds now) {
    std::optional<std::size_t> index;
    if (single_ && &list == &primary_) {
        if (!list.peers()[0].down && !list.full(0)) index = 0;
    } else if (balance_ == confparse::Upstream::Balance::LeastConn) {
        index = list.pick_least_conn(attempt.tried_, now);
    } else {
        // as nginx: ip_hash, hash and random choose among the primaries, and give way to round-robin
        // after 20 peers passed over
        if (&list == &primary_) index = choose_by_method(attempt, now);
        if (!index) index = list.pick(attempt.tried_, now);
    }
    if (!index) return false;
    attempt.current_ = &list.peers()[*index];
    attempt.current_index_ = *index;
    PeerState& state = list.state(*index);
    ++state.conns;
    ++state.picks;
    return true;
}

std::optional<std::size_t> Group::choose_by_method(Attempt& a, std::chrono::seconds now) {
    using Balance = confparse::Upstream::Balance;
    switch (balance_) {
        case Balance::IpHash: {
            std::span<const std::uint8_t> address(a.hash_address_.data(), a.hash_address_size_);
            return primary_.pick_ip_hash(a.tried_, now, address, a.hash_, a.rehashes_);
        }
        case Balance::Hash:
        case Balance::HashConsistent:
            if (a.hash_key_.empty()) return std::nullopt;  // as nginx: an empty key goes round-robin
            if (ring_) return primary_.pick_consistent(a.tried_, now, *ring_, a.hash_, a.rehashes_);
            return primary_.pick_hash(a.tried_, now, a.hash_key_, a.hash_, a.hashed_, a.rehashes_);
        case Balance::Random:
        case Balance::RandomTwo:
            return primary_.pick_random(a.tried_, now, random_, balance_ == Balance::RandomTwo, a.rehashes_);
        default:
            return std::nullopt;
    }
}

Pick Group::select(Attempt& attempt, TimePoint now) {
    const std::chrono::seconds seconds = whole_seconds(now);
    std::lock_guard lock(mutex_);
    if (choose(attempt, attempt.on_backup_ ? backup_ : primary_, seconds)) return {attempt.current_};
    // as nginx: the backups are tried only once no primary is left, and then for the rest of the request.
    if (attempt.on_backup_ || backup_.empty()) return {};
    attempt.on_backup_ = true;
    attempt.tried_.clear();
    if (choose(attempt, backup_, seconds)) return {attempt.current_};
    return {};
}

Finished Group::finish(Attempt& attempt, Outcome outcome, TimePoint now) {
    if (!attempt.current_) return {};
    const std::size_t index = attempt.current_index_;
    PeerList& list = attempt.current_->backup ? backup_ : primary_;
    attempt.current_ = nullptr;

    Finished finished;
    {
        std::lock_guard lock(mutex_);
        --list.state(index).conns;
        if (single_) {
            attempt.tries_ = 0;
            return finished;
        }
        if (outcome == Outcome::Failed) {
            finished.temporarily_disabled = list.record_failure(index, whole_seconds(now));
        } else {
            list.record_success(index);
        }
    }
    if (attempt.tries_ > 0) --attempt.tries_;
    return finished;
}

PeerState Group::state(const Peer& peer) const {
    const PeerList& list = peer.backup ? backup_ : primary_;
    std::lock_guard lock(mutex_);
    return list.state(static_cast<std::size_t>(&peer - list.peers().data()));
}

Health Group::health(const Peer& peer, TimePoint now) const {
    if (peer.down) return Health::Down;
    const PeerList& list = peer.backup ? backup_ : primary_;
    std::lock_guard lock(mutex_);
    // as nginx: a lone peer is never marked failed
    if (single_) return Health::Up;
    return list.resting(static_cast<std::size_t>(&peer - list.peers().data()), whole_seconds(now)) ? Health::Unavailable
                                                                                                  : Health::Up;
}

PeerTotals Group::totals(const Peer& peer) const {
    PeerTotals sum;
    for (const auto& worker : counters_) sum.add((*worker)[peer.index]);
    return sum;
}

}  // namespace upstream
