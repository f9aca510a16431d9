#include <cstdio>

#include "proxy/status_render.hpp"
#include "tls/handshake_facts.hpp"

namespace proxy {
namespace {

// Appends JSON to a string; the caller writes keys and separators in order.
class Json {
public:
    std::string& out() { return out_; }

    Json& key(std::string_view name) {
        comma();
        quoted(name);
        out_ += ':';
        first_ = true;  // the value that follows needs no comma
        return *this;
    }
    Json& string(std::string_view text) {
        comma();
        quoted(text);
        return *this;
    }
    template <class Int>
    Json& number(Int n) {
        comma();
        out_ += std::to_string(n);
        return *this;
    }
    Json& real(double d) {
        comma();
        out_ += real_text(d);
        return *this;
    }
    Json& boolean(bool b) {
        comma();
        out_ += b ? "true" : "false";
        return *this;
    }
    Json& null() {
        comma();
        out_ += "null";
        return *this;
    }
    Json& open(char bracket) {
        comma();
        out_ += bracket;
        first_ = true;
        return *this;
    }
    Json& close(char bracket) {
        out_ += bracket;
        first_ = false;
        return *this;
    }

private:
    void quoted(std::string_view text) {
        out_ += '"';
        for (char c : text) {
            switch (c) {
                case '"':
                    out_ += "\\\"";
                    break;
                case '\\':
                    out_ += "\\\\";
                    break;
                case '\n':
                    out_ += "\\n";
                    break;
                default:
                    if (static_cast<unsigned char>(c) < 0x20) {
                        char buf[8];
                        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                        out_ += buf;
                    } else {
                        out_ += c;
                    }
            }
        }
        out_ += '"';
    }
    void comma() {
        if (!first_) out_ += ',';
        first_ = false;
    }
    std::string out_;
    bool first_ = true;
};

void responses(Json& j, const auto& classes) {
    j.key("responses").open('{');
    for (std::size_t i = 0; i < classes.size(); ++i) j.key(std::to_string(i + 1) + "xx").number(classes[i]);
    j.close('}');
}

void histogram(Json& j, std::string_view name, const upstream::HistogramTotals& h) {
    j.key(name).open('{');
    j.key("count").number(h.count).key("sum").real(h.sum_seconds()).key("mean").real(h.mean_seconds());
    j.key("p50").real(h.quantile(0.5)).key("p90").real(h.quantile(0.9)).key("p99").real(h.quantile(0.99));
    j.key("buckets").open('{');
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < upstream::kLatencyBuckets; ++i) {
        cumulative += h.buckets[i];
        j.key(bucket_bound(i)).number(cumulative);
    }
    j.close('}').close('}');
}

void tls_part(Json& j, std::uint64_t full, std::uint64_t resumed, std::uint64_t failed, const auto& verify) {
    j.key("tls").open('{');
    j.key("handshakes").open('{').key("full").number(full).key("resumed").number(resumed).key("failed").number(failed);
    j.close('}');
    const double ratio = resumption_ratio(full, resumed);
    j.key("resumption_ratio");
    ratio < 0 ? j.null() : j.real(ratio);
    j.key("verify_failures").open('[');
    for (std::size_t code = 1; code < verify.size(); ++code) {
        if (!verify[code]) continue;
        j.open('{').key("code").number(code).key("reason").string(tls::verify_reason(static_cast<long>(code)));
        j.key("count").number(verify[code]).close('}');
    }
    j.close(']').close('}');
}

void listener(Json& j, const StatusView::Listener& l) {
    const ListenerTotals& t = l.totals;
    j.open('{').key("address").string(l.address).key("ssl").boolean(l.ssl);
    j.key("connections").number(t.connections).key("requests").number(t.requests);
    j.key("keepalive_requests").number(t.keepalive_requests);
    responses(j, t.responses);
    tls_part(j, t.handshakes_full, t.handshakes_resumed, t.handshake_failures, t.verify_failures);
    j.key("bytes").open('{').key("received").number(t.bytes_received).key("sent").number(t.bytes_sent).close('}');
    j.key("latency").open('{');
    histogram(j, "handshake", t.handshake);
    histogram(j, "request", t.request);
    j.close('}').close('}');
}

void peer(Json& j, const StatusView::Peer& p) {
    const upstream::PeerTotals& t = p.totals;
    j.open('{').key("name").string(p.name).key("server").string(p.server).key("backup").boolean(p.backup);
    j.key("weight").number(p.weight).key("max_fails").number(p.max_fails).key("fail_timeout").number(p.fail_timeout);
    j.key("health").string(health_name(p.health)).key("active").number(p.state.conns);
    j.key("fails").number(p.state.fails).key("failures").number(p.state.failures);
    j.key("requests").number(t.requests);
    responses(j, t.responses);
    j.key("connect_failures").number(t.connect_failures).key("timeouts").number(t.timeouts);
    j.key("keepalive_reuses").number(t.keepalive_reuses);
    tls_part(j, t.handshakes_full, t.handshakes_resumed, t.handshake_failures, t.verify_failures);
    j.key("bytes").open('{').key("sent").number(t.bytes_sent).key("received").number(t.bytes_received).close('}');
    j.key("latency").open('{');
    histogram(j, "connect", t.connect);
    histogram(j, "handshake", t.handshake);
    histogram(j, "first_byte", t.first_byte);
    j.close('}').close('}');
}

}  // namespace

std::string status_json(const StatusView& view) {
    Json j;
    j.open('{');
    j.key("nproxy").open('{').key("version").string(view.version).key("nginx_version").string(view.nginx_version);
    j.close('}');
    j.key("loaded").number(view.loaded).key("now").number(view.now).key("workers").number(view.workers);
    const StatusView::Connections& c = view.connections;
    j.key("connections").open('{').key("active").number(c.active).key("reading").number(c.reading);
    j.key("writing").number(c.writing).key("waiting").number(c.waiting).key("accepted").number(c.accepted);
    j.key("handled").number(c.handled).key("requests").number(c.requests).close('}');
    j.key("listeners").open('[');
    for (const auto& l : view.listeners) listener(j, l);
    j.close(']');
    j.key("upstreams").open('[');
    for (const auto& g : view.upstreams) {
        j.open('{').key("name").string(g.name).key("implicit").boolean(g.implicit).key("keepalive").number(g.keepalive);
        j.key("peers").open('[');
        for (const auto& p : g.peers) peer(j, p);
        j.close(']').close('}');
    }
    j.close(']').close('}');
    return std::move(j.out()) + "\n";
}

}  // namespace proxy
