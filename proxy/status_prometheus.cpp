// Prometheus' text exposition format (0.0.4): one family per metric, with HELP and TYPE; counters end in
// _total, sizes are bytes and times seconds, as Prometheus' naming conventions ask.
#include "proxy/status_render.hpp"
#include "tls/handshake_facts.hpp"

namespace proxy {
namespace {

// A label value with \, " and newline escaped, as the format asks.
std::string label_value(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '"':
                out += "\\\"";
                break;
            case '\n':
                out += "\\n";
                break;
            default:
                out += c;
        }
    }
    return out;
}

class Exposition {
public:
    std::string& out() { return out_; }

    void family(std::string_view name, std::string_view type, std::string_view help) {
        out_.append("# HELP ").append(name).append(" ").append(help).append("\n");
        out_.append("# TYPE ").append(name).append(" ").append(type).append("\n");
    }
    // `labels` are written `a="x",b="y"` (already escaped), or empty.
    void sample(std::string_view name, std::string_view labels, std::string_view value) {
        out_.append(name);
        if (!labels.empty()) out_.append("{").append(labels).append("}");
        out_.append(" ").append(value).append("\n");
    }
    void sample(std::string_view name, std::string_view labels, std::uint64_t value) {
        sample(name, labels, std::to_string(value));
    }
    void histogram(std::string_view name, std::string_view labels, const upstream::HistogramTotals& h) {
        std::uint64_t cumulative = 0;
        const std::string prefix = labels.empty() ? "" : std::string(labels) + ",";
        for (std::size_t i = 0; i < upstream::kLatencyBuckets; ++i) {
            cumulative += h.buckets[i];
            sample(std::string(name) + "_bucket", prefix + "le=\"" + bucket_bound(i) + "\"", cumulative);
        }
        sample(std::string(name) + "_sum", labels, real_text(h.sum_seconds()));
        sample(std::string(name) + "_count", labels, h.count);
    }

private:
    std::string out_;
};

std::string with(std::string_view labels, std::string_view name, std::string_view value) {
    return std::string(labels) + "," + std::string(name) + "=\"" + label_value(value) + "\"";
}

// The counters a listener and a peer both have, and their words.
template <class Item>
struct Counted {
    std::string_view suffix;
    std::string_view help;
    std::uint64_t (*get)(const Item&);
};

template <class Item>
struct Timed {
    std::string_view suffix;
    std::string_view help;
    const upstream::HistogramTotals& (*get)(const Item&);
};

// One family per counter, over every item (a listener, a peer) with its labels.
template <class Item>
void counters(Exposition& e, std::string_view prefix, const std::vector<std::pair<std::string, const Item*>>& items,
              std::initializer_list<Counted<Item>> list) {
    for (const Counted<Item>& c : list) {
        const std::string name = std::string(prefix) + std::string(c.suffix);
        e.family(name, "counter", c.help);
        for (const auto& [labels, item] : items) e.sample(name, labels, c.get(*item));
    }
}

template <class Item>
void histograms(Exposition& e, std::string_view prefix, const std::vector<std::pair<std::string, const Item*>>& items,
                std::initializer_list<Timed<Item>> list) {
    for (const Timed<Item>& t : list) {
        const std::string name = std::string(prefix) + std::string(t.suffix);
        e.family(name, "histogram", t.help);
        for (const auto& [labels, item] : items) e.histogram(name, labels, t.get(*item));
    }
}

// The families whose samples split by a label: responses by class, handshakes by type, verify failures.
template <class Item, class Totals>
void split_families(Exposition& e, std::string_view prefix,
                    const std::vector<std::pair<std::string, const Item*>>& items, const Totals& (*totals)(const Item&),
                    std::initializer_list<std::string_view> help) {
    std::string name = std::string(prefix) + "responses_total";
    e.family(name, "counter", help.begin()[0]);
    for (const auto& [labels, item] : items) {
        const auto& r = totals(*item).responses;
        for (std::size_t i = 0; i < r.size(); ++i)
            e.sample(name, with(labels, "code", std::to_string(i + 1) + "xx"), r[i]);
    }
    name = std::string(prefix) + "tls_handshakes_total";
    e.family(name, "counter", help.begin()[1]);
    for (const auto& [labels, item] : items) {
        e.sample(name, with(labels, "type", "full"), totals(*item).handshakes_full);
        e.sample(name, with(labels, "type", "resumed"), totals(*item).handshakes_resumed);
    }
    name = std::string(prefix) + "tls_verify_failures_total";
    e.family(name, "counter", help.begin()[2]);
    for (const auto& [labels, item] : items) {
        const auto& v = totals(*item).verify_failures;
        for (std::size_t code = 1; code < v.size(); ++code) {
            if (!v[code]) continue;
            e.sample(
                name,
                with(with(labels, "code", std::to_string(code)), "reason", tls::verify_reason(static_cast<long>(code))),
                v[code]);
        }
    }
}

using Listener = StatusView::Listener;
using Peer = StatusView::Peer;

void listener_families(Exposition& e, const StatusView& view) {
    std::vector<std::pair<std::string, const Listener*>> items;
    for (const Listener& l : view.listeners) items.emplace_back("listener=\"" + label_value(l.address) + "\"", &l);
    const std::string_view p = "nproxy_listener_";
    counters<Listener>(
        e, p, items,
        {
            {"connections_total", "Client connections accepted.",
             [](const Listener& l) { return l.totals.connections; }},
            {"requests_total", "Client requests read.", [](const Listener& l) { return l.totals.requests; }},
            {"keepalive_requests_total", "Client requests that came on a kept-alive connection.",
             [](const Listener& l) { return l.totals.keepalive_requests; }},
            {"tls_handshake_failures_total", "TLS handshakes with clients that failed.",
             [](const Listener& l) { return l.totals.handshake_failures; }},
            {"received_bytes_total", "Bytes of requests read.",
             [](const Listener& l) { return l.totals.bytes_received; }},
            {"sent_bytes_total", "Bytes of responses sent.", [](const Listener& l) { return l.totals.bytes_sent; }},
        });
    split_families<Listener, ListenerTotals>(
        e, p, items, [](const Listener& l) -> const ListenerTotals& { return l.totals; },
        {"Responses to clients, by status class.", "TLS handshakes with clients that completed, full or resumed.",
         "Client certificates that failed verification, by reason."});
    histograms<Listener>(e, p, items,
                         {
                             {"tls_handshake_duration_seconds", "Time of TLS handshakes with clients.",
                              [](const Listener& l) -> const upstream::HistogramTotals& { return l.totals.handshake; }},
                             {"request_duration_seconds", "Time from a request's header read to its response logged.",
                              [](const Listener& l) -> const upstream::HistogramTotals& { return l.totals.request; }},
                         });
}

void peer_families(Exposition& e, const StatusView& view) {
    std::vector<std::pair<std::string, const Peer*>> items;
    for (const auto& g : view.upstreams) {
        for (const Peer& peer : g.peers) {
            items.emplace_back("upstream=\"" + label_value(g.name) + "\",peer=\"" + label_value(peer.name) + "\"",
                               &peer);
        }
    }
    const std::string_view p = "nproxy_upstream_peer_";
    e.family("nproxy_upstream_peer_up", "gauge",
             "1 when the peer may be picked, 0 when down or resting after failures.");
    for (const auto& [labels, peer] : items)
        e.sample("nproxy_upstream_peer_up", labels, peer->health == upstream::Health::Up ? 1 : 0);
    e.family("nproxy_upstream_peer_active_requests", "gauge", "Requests using the peer now.");
    for (const auto& [labels, peer] : items) {
        e.sample("nproxy_upstream_peer_active_requests", labels, static_cast<std::uint64_t>(peer->state.conns));
    }
    e.family("nproxy_upstream_peer_fails", "gauge", "Failures counted towards max_fails now.");
    for (const auto& [labels, peer] : items) {
        e.sample("nproxy_upstream_peer_fails", labels, static_cast<std::uint64_t>(peer->state.fails));
    }
    counters<Peer>(
        e, p, items,
        {
            {"requests_total", "Tries handed to the peer.", [](const Peer& x) { return x.totals.requests; }},
            {"failures_total", "Tries that counted as the peer's failure (proxy_next_upstream).",
             [](const Peer& x) { return static_cast<std::uint64_t>(x.state.failures); }},
            {"connect_failures_total", "TCP connects to the peer that failed or timed out.",
             [](const Peer& x) { return x.totals.connect_failures; }},
            {"timeouts_total", "Tries that ended in a timeout.", [](const Peer& x) { return x.totals.timeouts; }},
            {"tls_handshake_failures_total", "TLS handshakes with the peer that failed.",
             [](const Peer& x) { return x.totals.handshake_failures; }},
            {"keepalive_reuses_total", "Tries that reused a kept-alive connection.",
             [](const Peer& x) { return x.totals.keepalive_reuses; }},
            {"sent_bytes_total", "Bytes sent to the peer.", [](const Peer& x) { return x.totals.bytes_sent; }},
            {"received_bytes_total", "Bytes received from the peer.",
             [](const Peer& x) { return x.totals.bytes_received; }},
        });
    split_families<Peer, upstream::PeerTotals>(e, p, items,
                                               [](const Peer& x) -> const upstream::PeerTotals& { return x.totals; },
                                               {"Response headers from the peer, by status class.",
                                                "TLS handshakes with the peer that completed, full or resumed.",
                                                "Handshakes that failed on the peer's certificate, by reason."});
    histograms<Peer>(e, p, items,
                     {
                         {"connect_duration_seconds", "Time of TCP connects to the peer.",
                          [](const Peer& x) -> const upstream::HistogramTotals& { return x.totals.connect; }},
                         {"tls_handshake_duration_seconds", "Time of TLS handshakes with the peer.",
                          [](const Peer& x) -> const upstream::HistogramTotals& { return x.totals.handshake; }},
                         {"first_byte_duration_seconds", "Time from the request sent to the peer's response header.",
                          [](const Peer& x) -> const upstream::HistogramTotals& { return x.totals.first_byte; }},
                     });
}

}  // namespace

std::string status_prometheus(const StatusView& view) {
    Exposition e;
    e.family("nproxy_info", "gauge", "nproxy's version and the nginx version it follows.");
    e.sample("nproxy_info",
             "version=\"" + label_value(view.version) + "\",nginx_version=\"" + label_value(view.nginx_version) + "\"",
             1);
    e.family("nproxy_config_loaded_timestamp_seconds", "gauge",
             "When the configuration was loaded; counters count since.");
    e.sample("nproxy_config_loaded_timestamp_seconds", "", static_cast<std::uint64_t>(view.loaded));
    e.family("nproxy_workers", "gauge", "Worker threads.");
    e.sample("nproxy_workers", "", static_cast<std::uint64_t>(view.workers));
    const StatusView::Connections& c = view.connections;
    e.family("nproxy_connections", "gauge", "Client connections now, by state (stub_status' figures).");
    e.sample("nproxy_connections", "state=\"active\"", static_cast<std::uint64_t>(c.active));
    e.sample("nproxy_connections", "state=\"reading\"", static_cast<std::uint64_t>(c.reading));
    e.sample("nproxy_connections", "state=\"writing\"", static_cast<std::uint64_t>(c.writing));
    e.sample("nproxy_connections", "state=\"waiting\"", static_cast<std::uint64_t>(c.waiting));
    e.family("nproxy_connections_accepted_total", "counter", "Client connections accepted (stub_status' accepts).");
    e.sample("nproxy_connections_accepted_total", "", c.accepted);
    e.family("nproxy_connections_handled_total", "counter", "Client connections handled (stub_status' handled).");
    e.sample("nproxy_connections_handled_total", "", c.handled);
    e.family("nproxy_http_requests_total", "counter", "Client requests (stub_status' requests).");
    e.sample("nproxy_http_requests_total", "", c.requests);
    listener_families(e, view);
    peer_families(e, view);
    return std::move(e.out());
}

}  // namespace proxy
