#pragma once
// The status page's counters of upstream peers, counted as a proxied request goes: one call per event
// from handle_proxy.hpp, into the worker's own copy of the peer's counters (no lock, no allocation).
#include <algorithm>
#include <chrono>

#include "proxy/exchange.hpp"
#include "tls/handshake_facts.hpp"
#include "upstream/group.hpp"

namespace proxy {

using SteadyTime = std::chrono::steady_clock::time_point;

inline double elapsed_seconds(SteadyTime since, SteadyTime until = std::chrono::steady_clock::now()) {
    return std::chrono::duration<double>(until - since).count();
}

template <class Stream>
upstream::PeerCounters& peer_counters(Exchange<Stream>& x, const upstream::Group& group, const upstream::Peer& peer) {
    return group.counters(x.worker, peer);
}

// A TCP connect to the peer, begun at `started`, has ended with `ec`.
template <class Stream>
void count_connect(Exchange<Stream>& x, const upstream::Group& group, const upstream::Peer& peer, const error_code& ec, SteadyTime started) {
    upstream::PeerCounters& c = peer_counters(x, group, peer);
    if (ec) return c.connect_failures.add();
    c.connect.observe(elapsed_seconds(started));
}

// A TLS handshake with the peer, begun at `started`, has ended with `ec`.
template <class Stream>
void count_handshake(Exchange<Stream>& x, const upstream::Group& group, const upstream::Peer& peer, SSL* ssl, const error_code& ec,
                     SteadyTime started) {
    upstream::PeerCounters& c = peer_counters(x, group, peer);
    const tls::HandshakeFacts facts = tls::handshake_facts(ssl);
    if (ec) {
        c.handshake_failures.add();
        if (facts.verify_result != 0) c.verify_failures[upstream::verify_slot(facts.verify_result)].add();
        return;
    }
    c.handshake.observe(elapsed_seconds(started));
    (facts.resumed ? c.handshakes_resumed : c.handshakes_full).add();
}

// A try took a kept-alive connection to the peer.
template <class Stream>
void count_reuse(Exchange<Stream>& x, const upstream::Group& group, const upstream::Peer& peer) {
    peer_counters(x, group, peer).keepalive_reuses.add();
}

// A try at the peer, begun at `started`, has ended: what went each way, the response's class, and the
// time from the request's first byte to the response header (the try's time less its connection's).
template <class Stream>
void count_try(Exchange<Stream>& x, const upstream::Group& group, const upstream::Peer& peer, const UpstreamAttempt& ua, bool timed_out) {
    upstream::PeerCounters& c = peer_counters(x, group, peer);
    c.requests.add();
    if (timed_out) c.timeouts.add();
    c.bytes_sent.add(ua.bytes_sent);
    c.bytes_received.add(ua.bytes_received);
    if (ua.status == 0) return;
    upstream::count_status(c.responses, ua.status);
    const double first_byte = ua.header_time - std::max(ua.connect_time, 0.0);
    c.first_byte.observe(std::max(first_byte, 0.0));
}

}  // namespace proxy
