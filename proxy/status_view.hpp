#pragma once
// What the status page shows, gathered once per request from the running configuration: the counters
// summed over the workers, and each peer's health. The three renderers (status_json, status_prometheus,
// status_page) all read this one view, so they cannot disagree.
#include <cstdint>
#include <string>
#include <vector>

#include "proxy/connection_counters.hpp"
#include "proxy/listener_counters.hpp"
#include "upstream/group.hpp"

namespace proxy {

class Runtime;

struct StatusView {
    struct Connections {
        std::int64_t active = 0, reading = 0, writing = 0, waiting = 0;
        std::uint64_t accepted = 0, handled = 0, requests = 0;
    };
    struct Listener {
        std::string address;  // "127.0.0.1:8443"
        bool ssl = false;
        ListenerTotals totals;
    };
    struct Peer {
        std::string name;    // "127.0.0.1:8443"
        std::string server;  // as written in the upstream block
        bool backup = false;
        std::int64_t weight = 1;
        std::int64_t max_fails = 1;
        std::int64_t fail_timeout = 10;  // seconds
        upstream::Health health = upstream::Health::Up;
        upstream::PeerState state;
        upstream::PeerTotals totals;
    };
    struct Group {
        std::string name;
        bool implicit = false;  // made by a proxy_pass with an address, not by an upstream block
        std::int64_t keepalive = 0;
        std::vector<Peer> peers;
    };

    std::string version;        // nproxy's
    std::string nginx_version;  // the nginx whose behaviour it follows
    std::int64_t loaded = 0;    // when the configuration was loaded (Unix seconds): the counters count since
    std::int64_t now = 0;
    std::size_t workers = 1;
    Connections connections;
    std::vector<Listener> listeners;
    std::vector<Group> upstreams;
};

StatusView gather_status(const Runtime& runtime, const ConnectionCounters& counters);

// "up", "down", "unavailable"
const char* health_name(upstream::Health health);

// A number as the shortest text that reads back the same ("0.0005", "2.5", "12").
std::string real_text(double value);
// The upper bound of a latency bucket as Prometheus' "le" label writes it: "0.0005" .. "10", "+Inf".
std::string bucket_bound(std::size_t bucket);

// resumed / (full + resumed); negative when there were no handshakes
double resumption_ratio(std::uint64_t full, std::uint64_t resumed);

}  // namespace proxy
