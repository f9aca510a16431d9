#include "upstream/round_robin.hpp"

#include <algorithm>
#include <utility>

namespace upstream {

PeerList::PeerList(std::vector<Peer> peers) : peers_(std::move(peers)), states_(peers_.size()) {
    for (std::size_t i = 0; i < peers_.size(); ++i) {
        states_[i].effective_weight = peers_[i].weight;
        if (!peers_[i].down) ++tries_;
    }
}

bool PeerList::usable(std::size_t i, std::chrono::seconds now) const {
    const Peer& peer = peers_[i];
    if (peer.down) return false;
    return !resting(i, now);
}

bool PeerList::resting(std::size_t i, std::chrono::seconds now) const {
    const Peer& peer = peers_[i];
    const PeerState& s = states_[i];
    // as nginx: a failed peer rests for fail_timeout after its last failure or probe, then gets one probe.
    return peer.max_fails && s.fails >= peer.max_fails && now - s.checked <= peer.fail_timeout;
}

std::optional<std::size_t> PeerList::pick(TriedSet& tried, std::chrono::seconds now) {
    std::optional<std::size_t> best;
    std::int64_t total = 0;
    for (std::size_t i = 0; i < peers_.size(); ++i) {
        if (tried.contains(i) || !usable(i, now)) continue;
        PeerState& s = states_[i];
        s.current_weight += s.effective_weight;
        total += s.effective_weight;
        // as nginx: weight lost to failures comes back one step per selection round the peer takes part in.
        if (s.effective_weight < peers_[i].weight) ++s.effective_weight;
        if (!best || s.current_weight > states_[*best].current_weight) best = i;
    }
    if (!best) return std::nullopt;

    tried.insert(*best);
    PeerState& chosen = states_[*best];
    chosen.current_weight -= total;
    // as nginx: picking a peer after fail_timeout is a probe; a success after it clears the failures.
    if (now - chosen.checked > peers_[*best].fail_timeout) chosen.checked = now;
    return best;
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
