#pragma once
// What happened between nproxy and one upstream peer, counted per worker thread (see counter.hpp): the
// named counters an operator asks about when a backend misbehaves.
#include <array>
#include <cstdint>

#include "upstream/counter.hpp"

namespace upstream {

// C is Counter for a worker's own copy and std::uint64_t for the sum; H likewise Histogram and
// HistogramTotals. The fields are listed once, in zip().
template <class C, class H>
struct PeerCountersOf {
    C requests{};                                   // tries handed to this peer
    std::array<C, kStatusClasses> responses{};      // response headers read, by class 1xx..5xx
    C connect_failures{};                           // TCP connects that failed or timed out
    C timeouts{};                                   // tries that ended in a timeout (connect, TLS, send, read)
    C handshakes_full{};                            // TLS handshakes that made a new session
    C handshakes_resumed{};                         // ... that resumed a saved one
    C handshake_failures{};                         // TLS handshakes that failed, whatever the reason
    std::array<C, kVerifyCodes> verify_failures{};  // ... of them because the certificate failed, by X.509 code
    C keepalive_reuses{};                           // tries that took a kept-alive connection
    C bytes_sent{};                                 // to the peer: request headers and bodies
    C bytes_received{};                             // from the peer: response headers and bodies
    H connect{};                                    // TCP connect time
    H handshake{};                                  // TLS handshake time
    H first_byte{};                                 // from the request's first byte sent to the response header

    template <class A, class B, class F>
    static void zip(A& a, B& b, F&& f) {
        f(a.requests, b.requests);
        for (std::size_t i = 0; i < kStatusClasses; ++i) f(a.responses[i], b.responses[i]);
        f(a.connect_failures, b.connect_failures);
        f(a.timeouts, b.timeouts);
        f(a.handshakes_full, b.handshakes_full);
        f(a.handshakes_resumed, b.handshakes_resumed);
        f(a.handshake_failures, b.handshake_failures);
        for (std::size_t i = 0; i < kVerifyCodes; ++i) f(a.verify_failures[i], b.verify_failures[i]);
        f(a.keepalive_reuses, b.keepalive_reuses);
        f(a.bytes_sent, b.bytes_sent);
        f(a.bytes_received, b.bytes_received);
        f(a.connect, b.connect);
        f(a.handshake, b.handshake);
        f(a.first_byte, b.first_byte);
    }
};

// One worker's counters for one peer, on cache lines of its own so workers never share one.
struct alignas(64) PeerCounters : PeerCountersOf<Counter, Histogram> {};

// The sum over the workers.
struct PeerTotals : PeerCountersOf<std::uint64_t, HistogramTotals> {
    void add(const PeerCounters& worker) {
        zip(*this, worker, [](auto& total, const auto& c) { add_into(total, c); });
    }
    std::uint64_t handshakes() const { return handshakes_full + handshakes_resumed; }
};

}  // namespace upstream
