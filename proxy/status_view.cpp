#include "proxy/status_view.hpp"

#include <charconv>
#include <chrono>

#include "proxy/runtime.hpp"

namespace proxy {
namespace {

std::int64_t unix_seconds(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

StatusView::Peer peer_view(const upstream::Group& group, const upstream::Peer& peer, upstream::TimePoint now) {
    StatusView::Peer view;
    view.name = peer.name;
    view.server = peer.server;
    view.backup = peer.backup;
    view.weight = peer.weight;
    view.max_fails = peer.max_fails;
    view.fail_timeout = peer.fail_timeout.count();
    view.health = group.health(peer, now);
    view.state = group.state(peer);
    view.totals = group.totals(peer);
    return view;
}

}  // namespace

StatusView gather_status(const Runtime& runtime, const ConnectionCounters& counters) {
    StatusView view;
    view.version = NPROXY_VERSION;
    view.nginx_version = NPROXY_NGINX_VERSION;
    view.loaded = unix_seconds(runtime.loaded());
    view.now = unix_seconds(std::chrono::system_clock::now());
    view.workers = runtime.workers();
    view.connections = {counters.active.load(),  counters.reading.load(),  counters.writing.load(),
                        counters.waiting.load(), counters.accepted.load(), counters.handled.load(),
                        counters.requests.load()};
    const auto& endpoints = runtime.router().endpoints();
    for (std::size_t e = 0; e < endpoints.size(); ++e) {
        view.listeners.push_back({endpoints[e].key, endpoints[e].ssl, runtime.listener_counters().totals(e)});
    }
    const auto now = upstream::Clock::now();
    const auto& configs = runtime.http().upstreams;
    for (std::size_t g = 0; g < configs.size(); ++g) {
        const upstream::Group& group = runtime.group(g);
        StatusView::Group& out = view.upstreams.emplace_back();
        out.name = group.name();
        out.implicit = configs[g].implicit;
        out.keepalive = configs[g].keepalive;
        for (const upstream::Peer& peer : group.primary()) out.peers.push_back(peer_view(group, peer, now));
        for (const upstream::Peer& peer : group.backup()) out.peers.push_back(peer_view(group, peer, now));
    }
    return view;
}

const char* health_name(upstream::Health health) {
    switch (health) {
        case upstream::Health::Up:
            return "up";
        case upstream::Health::Down:
            return "down";
        case upstream::Health::Unavailable:
            return "unavailable";
    }
    return "up";
}

std::string real_text(double value) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
    return std::string(buf, end);
}

std::string bucket_bound(std::size_t bucket) {
    return bucket < upstream::kLatencyBounds.size() ? real_text(upstream::kLatencyBounds[bucket]) : "+Inf";
}

double resumption_ratio(std::uint64_t full, std::uint64_t resumed) {
    const std::uint64_t all = full + resumed;
    return all ? static_cast<double>(resumed) / static_cast<double>(all) : -1.0;
}

}  // namespace proxy
