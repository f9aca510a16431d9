#pragma once
// One peer of an upstream group: one resolved address of one `server` line, and its health counters.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace upstream {

// What the config says about a peer; fixed once the group is built.
struct Peer {
    std::string name;    // numeric "ip:port" or "[ip6]:port", what is connected to
    std::string server;  // the server's address as written ("backend.example:8080")
    std::int64_t weight = 1;
    std::int64_t max_fails = 1;  // 0: never marked failed
    std::chrono::seconds fail_timeout{10};
    std::int64_t max_conns = 0;  // 0: no limit on the requests using it at once
    bool down = false;
    bool backup = false;
    std::size_t index = 0;  // its place among the group's peers, primaries first (for its counters)
};

// What changes as requests come and go (nginx's fields of ngx_http_upstream_rr_peer_t).
// Shared by all workers; only read or written under the owning group's lock.
struct PeerState {
    std::int64_t current_weight = 0;
    std::int64_t effective_weight = 0;
    std::int64_t fails = 0;
    std::chrono::seconds accessed{0};  // when the last failure happened
    std::chrono::seconds checked{0};   // when the peer was last failed or probed after fail_timeout
    std::int64_t conns = 0;            // requests using the peer right now
    // Totals since the group was built, for an operator's counters; never reset.
    std::int64_t picks = 0;
    std::int64_t failures = 0;
};

}  // namespace upstream
