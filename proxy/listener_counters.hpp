#pragma once
// What happened on one listening address (an Endpoint), counted per worker thread without locks (see
// upstream/counter.hpp), and the table of them a configuration snapshot keeps: new counters with each
// configuration, so a reload starts them again from zero.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "upstream/counter.hpp"

namespace proxy {

template <class C, class H>
struct ListenerCountersOf {
    C connections{};                                      // accepted
    C requests{};                                         // request headers read (or refused as unreadable)
    C keepalive_requests{};                               // ... that were not the first on their connection
    std::array<C, upstream::kStatusClasses> responses{};  // by class 1xx..5xx, as logged
    C handshakes_full{};                                  // TLS handshakes with a client that made a new session
    C handshakes_resumed{};                               // ... that resumed one
    C handshake_failures{};
    std::array<C, upstream::kVerifyCodes> verify_failures{};  // client certificates that failed, by X.509 code
    C bytes_received{};                                       // request headers and bodies
    C bytes_sent{};                                           // responses, headers included
    H handshake{};                                            // TLS handshake time
    H request{};                                              // from the request header read to the last byte logged

    template <class A, class B, class F>
    static void zip(A& a, B& b, F&& f) {
        f(a.connections, b.connections);
        f(a.requests, b.requests);
        f(a.keepalive_requests, b.keepalive_requests);
        for (std::size_t i = 0; i < upstream::kStatusClasses; ++i) f(a.responses[i], b.responses[i]);
        f(a.handshakes_full, b.handshakes_full);
        f(a.handshakes_resumed, b.handshakes_resumed);
        f(a.handshake_failures, b.handshake_failures);
        for (std::size_t i = 0; i < upstream::kVerifyCodes; ++i) f(a.verify_failures[i], b.verify_failures[i]);
        f(a.bytes_received, b.bytes_received);
        f(a.bytes_sent, b.bytes_sent);
        f(a.handshake, b.handshake);
        f(a.request, b.request);
    }
};

struct alignas(64) ListenerCounters : ListenerCountersOf<upstream::Counter, upstream::Histogram> {};

struct ListenerTotals : ListenerCountersOf<std::uint64_t, upstream::HistogramTotals> {
    void add(const ListenerCounters& worker) {
        zip(*this, worker, [](auto& total, const auto& c) { upstream::add_into(total, c); });
    }
};

// Per worker thread, per endpoint (the index in Router::endpoints()).
class ListenerCounterTable {
public:
    ListenerCounterTable(std::size_t workers, std::size_t endpoints) {
        for (std::size_t w = 0; w < std::max<std::size_t>(workers, 1); ++w) {
            workers_.push_back(std::make_unique<std::vector<ListenerCounters>>(endpoints));
        }
    }
    ListenerCounters& at(std::size_t worker, std::size_t endpoint) const {
        return (*workers_[worker % workers_.size()])[endpoint];
    }
    ListenerTotals totals(std::size_t endpoint) const {
        ListenerTotals sum;
        for (const auto& worker : workers_) sum.add((*worker)[endpoint]);
        return sum;
    }

private:
    std::vector<std::unique_ptr<std::vector<ListenerCounters>>> workers_;
};

}  // namespace proxy
