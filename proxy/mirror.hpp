#pragma once
// The mirror module, as nginx's: in the precontent phase, after try_files, a main request whose level has
// "mirror URI" sends a background subrequest to each URI, with the request's method, headers and arguments
// and (with mirror_request_body on, after the body is read whole) the body it kept: shared, never copied.
// The subrequests' answers are dropped. The main request goes on at once; its access log line and the
// connection's next request wait for the mirrors to end (BackgroundRequests).
#include <memory>
#include <string>

#include "proxy/background_requests.hpp"
#include "proxy/exchange.hpp"
#include "proxy/read_body.hpp"
#include "proxy/subrequest.hpp"

namespace proxy {

template <class Stream>
net::awaitable<void> dispatch(Exchange<Stream>& x, const RewriteAnswer& rewritten);
template <class Stream>
net::awaitable<void> serve_content(Exchange<Stream>& x);

// Where a mirror's answer goes: nowhere. A subrequest's sink, before every filter (none applies to it).
class DiscardSink final : public ResponseSink {
public:
    DiscardSink() {
        subrequest = true;
        stage = Stage::Sub;
    }
    net::awaitable<bool> write(net::const_buffer) override { co_return true; }
    bool keeps_body(std::string_view) const override { return true; }
};

// What one mirror subrequest owns while it runs in the background.
struct MirrorRequest {
    RequestContext r;
    RequestParser parser;
    beast::flat_buffer buffer;  // its own: the client's belongs to the main request
    DiscardSink sink;
    std::shared_ptr<const Runtime> runtime;
    UpstreamPools* pools = nullptr;
    const ConnectionCounters* counters = nullptr;
    std::size_t worker = 0;
};

// Whether the request is to be mirrored here: a main request at a level with mirror URIs.
template <class Stream>
bool mirrors(const Exchange<Stream>& x) {
    return !x.scope.mirror->empty() && !(x.sink && x.sink->subrequest);
}

// The subrequest for `uri`, as nginx's: the main request's method, request line, headers and arguments,
// its body when `with_body`; the request line no longer names its URI.
inline std::unique_ptr<MirrorRequest> mirror_request(const RequestContext& main, const std::string& uri,
                                                     bool with_body) {
    auto m = std::make_unique<MirrorRequest>();
    RequestContext& r = m->r;
    init_subrequest(r, main, uri, main.args, main.has_args);
    r.method = main.method;
    r.real_ip = main.real_ip;
    r.real_ip_port = main.real_ip_port;
    // as nginx: the limits were the main request's to check, once
    r.limit_req_status = main.limit_req_status;
    r.limit_conn_status = main.limit_conn_status;
    r.rewritten = true;
    r.mirror = true;
    // The parser stands for the body the subrequest was given: a length when there is one, else none.
    // Nothing is ever read from it (the exchange's body is unreadable): a handler that would read the body
    // takes the kept one, or none.
    std::string head = "GET / HTTP/1.1\r\n\r\n";
    if (with_body && main.body && main.body->whole && kept_size(*main.body) > 0) {
        r.body = main.body;
        head = "POST / HTTP/1.1\r\nContent-Length: " + std::to_string(kept_size(*main.body)) + "\r\n\r\n";
    }
    error_code ec;
    m->parser.put(net::buffer(head.data(), head.size()), ec);
    return m;
}

// Runs one mirror to its end, its answer dropped; `hold` keeps the main request waiting for it.
template <class Stream>
net::awaitable<void> run_mirror(Stream& stream, std::unique_ptr<MirrorRequest> m,
                                [[maybe_unused]] BackgroundRequests::Hold hold) {
    const Runtime& runtime = *m->runtime;
    RewriteAnswer rewritten = runtime.rewriter().run(runtime, m->r);
    const confparse::HttpScope& scope = m->r.location ? m->r.location->scope : m->r.server->scope;
    Exchange<Stream> sx{stream, m->buffer, m->parser, m->r, runtime, scope, false};
    sx.continue_sent = true;
    sx.body_unreadable = true;
    sx.pools = m->pools;
    sx.counters = m->counters;
    sx.runtime_ptr = m->runtime;
    sx.worker = m->worker;
    sx.sink = &m->sink;
    co_await dispatch(sx, rewritten);
    m->r.completed = !sx.failed;
    // as nginx: the log of the location that answered, when it asks for its subrequests' lines
    const confparse::HttpScope& answered = m->r.location ? m->r.location->scope : scope;
    if (*answered.log_subrequest) runtime.access_log(answered).write(m->r);
}

// nginx's mirror handler for the main request: with mirror_request_body on, the body is read whole first
// (as nginx, an error answers the request and no mirror starts); then each mirror starts in the
// background and the request goes on to its content handler.
template <class Stream>
net::awaitable<void> mirror_then_serve(Exchange<Stream>& x) {
    const bool with_body = *x.scope.mirror_request_body;
    if (with_body && !x.r.body && !x.body_unreadable && !co_await read_whole_body(x)) co_return;
    if (!x.r.background) x.r.background = std::make_shared<BackgroundRequests>(x.socket().get_executor());
    for (const std::string& uri : *x.scope.mirror) {
        std::unique_ptr<MirrorRequest> m = mirror_request(x.r, uri, with_body);
        m->runtime = x.runtime_ptr;
        m->pools = x.pools;
        m->counters = x.counters;
        m->worker = x.worker;
        net::co_spawn(x.socket().get_executor(),
                      run_mirror(x.stream, std::move(m), BackgroundRequests::Hold(x.r.background)), net::detached);
    }
    co_await serve_content(x);
}

}  // namespace proxy
