#pragma once
// One request/response exchange on a client connection, and the I/O steps every handler shares.
// Templates over the client stream (plain or TLS); included only by the session's translation unit.
#include <strings.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <array>
#include <chrono>
#include <string>
#include <type_traits>

#include "confparse/values.hpp"
#include "proxy/browser.hpp"
#include "proxy/charset_filter.hpp"
#include "proxy/chunked_decoder.hpp"
#include "proxy/connection_counters.hpp"
#include "proxy/idle_connections.hpp"
#include "proxy/error_context.hpp"
#include "proxy/not_modified.hpp"
#include "proxy/http_status.hpp"
#include "proxy/limit_rate.hpp"
#include "proxy/net.hpp"
#include "proxy/request_context.hpp"
#include "proxy/request_store.hpp"
#include "proxy/response_sink.hpp"
#include "proxy/response_head.hpp"
#include "proxy/router.hpp"
#include "proxy/runtime.hpp"
#include "proxy/upstream_pool.hpp"

namespace proxy {

template <class Stream>
struct Exchange {
    Stream& stream;
    beast::flat_buffer& buffer;
    RequestParser& parser;
    RequestContext& r;
    const Runtime& runtime;
    const confparse::HttpScope& scope;  // the location's, else the server's
    bool keep_alive = true;             // may the connection serve another request after this one
    bool failed = false;                // the connection broke: close without more I/O
    bool timed_out = false;             // ... because the client was too slow (reset_timedout_connection)
    bool continue_sent = false;         // "100 Continue" answered (or not wanted)
    bool body_unreadable = false;       // the body's framing is invalid: never read it
    bool body_invalid = false;          // the body broke its framing (a bad chunk): answer 400
    bool body_too_large = false;        // a chunk took the body past client_max_body_size: answer 413
    bool closes_after = false;          // closed once answered, whatever the answer announced (a 412)
    UpstreamPools* pools = nullptr;     // the worker's idle upstream connections
    const ConnectionCounters* counters = nullptr;  // nginx's connection counters (stub_status)
    std::shared_ptr<const Runtime> runtime_ptr = nullptr;  // what pooled connections keep alive
    std::size_t worker = 0;             // the worker thread's index: its own copy of the status counters
    ResponseSink* sink = nullptr;       // where the response goes instead of the client (SSI, a subrequest)
    const IdleConnections* idle = nullptr;  // the worker's, which says when it stops gracefully

    auto& socket() { return beast::get_lowest_layer(stream); }
    // Whether the answer's header may say keep-alive: as nginx's header filter, not once the worker is
    // stopping, whatever the request asked for.
    bool announce_keep_alive() {
        if (idle && idle->closing()) keep_alive = false;
        return keep_alive;
    }
    void deadline(confparse::Msec ms) { socket().expires_after(std::chrono::milliseconds(ms)); }
};

// Gives a plain socket what it takes at once, without waiting: the bytes written (none for TLS, which
// goes the asynchronous way). An answer usually fits in the socket's send buffer, so that most writes
// need no wait, timer or completion; an error is left for the asynchronous write to meet again.
template <class Stream, class Buffers>
std::size_t send_now(Stream& stream, const Buffers& buffers) {
    if constexpr (!std::is_same_v<Stream, PlainStream>) {
        return 0;
    } else {
        std::array<iovec, 8> iov;
        std::size_t count = 0;
        for (auto it = net::buffer_sequence_begin(buffers); it != net::buffer_sequence_end(buffers); ++it) {
            net::const_buffer b = *it;
            if (b.size() == 0) continue;
            if (count == iov.size()) break;
            iov[count++] = {const_cast<void*>(b.data()), b.size()};
        }
        msghdr msg{};
        msg.msg_iov = iov.data();
        msg.msg_iovlen = count;
        ssize_t n = ::sendmsg(stream.socket().native_handle(), &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
        return n > 0 ? static_cast<std::size_t>(n) : 0;
    }
}

// The same exchange under another level's settings (the location an internal redirect chose), and what
// it went through taken back afterwards: a field added to Exchange belongs in both.
template <class Stream>
Exchange<Stream> rescoped(const Exchange<Stream>& x, const confparse::HttpScope& scope) {
    return Exchange<Stream>{x.stream,    x.buffer,        x.parser,          x.r,
                            x.runtime,   scope,           x.keep_alive,      x.failed,
                            x.timed_out, x.continue_sent, x.body_unreadable, x.body_invalid,
                            x.body_too_large, x.closes_after, x.pools,       x.counters,
                            x.runtime_ptr, x.worker,      x.sink,            x.idle};
}

template <class Stream>
void take_state(Exchange<Stream>& x, const Exchange<Stream>& from) {
    x.keep_alive = from.keep_alive;
    x.failed = from.failed;
    x.timed_out = from.timed_out;
    x.continue_sent = from.continue_sent;
    x.body_unreadable = from.body_unreadable;
    x.body_invalid = from.body_invalid;
    x.body_too_large = from.body_too_large;
    x.closes_after = from.closes_after;
}

// The status an answer goes out with: its own, unless an error answer or an error_page has set one
// (as nginx's err_status overrides every header sent after it).
inline int answer_status(const RequestContext& r, int own) { return r.error_status ? r.error_status : own; }

// A limit_rate or limit_rate_after value, its variables evaluated now: as nginx, one that is no size
// counts as 0 and is logged.
template <class Stream>
std::int64_t evaluated_size(const Exchange<Stream>& x, const confparse::VariableSize& value) {
    if (value.text.empty()) return value.size;
    std::string text = x.runtime.text(value.text).render(x.r);
    if (auto size = confparse::parse_size(text)) return *size;
    x.runtime.error_log(x.scope).write(confparse::LogLevel::Error, x.r.connection->id,
                                       "invalid size \"" + text + "\" while sending response to client" +
                                           error_context(x.r));
    return 0;
}

// Whether the response is paced (limit_rate): checked before calling write_paced(), so a response without
// a limit costs no coroutine frame. As nginx's write filter, the first write decides the rate, unless
// "set $limit_rate" or the upstream's X-Accel-Limit-Rate has: the location's limit_rate, its variables
// evaluated then ($limit_rate then says it).
template <class Stream>
bool paced(Exchange<Stream>& x) {
    if (!x.r.limit_rate) x.r.limit_rate = evaluated_size(x, *x.scope.limit_rate);
    return *x.r.limit_rate > 0;
}

// Writes `data` no faster than the response's rate (paced() has decided it), as nginx's write filter:
// each write at most what the rate allows by now, with a wait when it allows nothing.
template <class Stream>
net::awaitable<void> write_paced(Exchange<Stream>& x, net::const_buffer data) {
    if (!x.r.limit_rate_after) x.r.limit_rate_after = evaluated_size(x, *x.scope.limit_rate_after);
    while (data.size() && !x.failed) {
        RateWindow window = rate_window(*x.r.limit_rate, *x.r.limit_rate_after, x.r.paced_bytes,
                                        std::chrono::steady_clock::now() - x.r.start);
        if (window.allowed == 0) {
            net::steady_timer timer(x.socket().get_executor(), window.wait);
            co_await timer.async_wait(use_nothrow);
            continue;
        }
        auto piece = net::buffer(data.data(), std::min<std::uint64_t>(data.size(), static_cast<std::uint64_t>(window.allowed)));
        x.deadline(*x.scope.send_timeout);
        auto [ec, n] = co_await net::async_write(x.stream, piece, use_nothrow);
        if (ec) x.failed = true;
        if (ec == beast::error::timeout) x.timed_out = true;
        x.r.paced_bytes += n;
        data += n;
    }
}

// Writes all of `data` to the client within send_timeout, unpaced; marks the exchange failed on error.
template <class Stream>
net::awaitable<void> write_unpaced(Exchange<Stream>& x, net::const_buffer data) {
    if (x.failed) co_return;
    data += send_now(x.stream, data);
    if (data.size() == 0) co_return;
    x.deadline(*x.scope.send_timeout);
    auto [ec, n] = co_await net::async_write(x.stream, data, use_nothrow);
    if (ec) x.failed = true;
    if (ec == beast::error::timeout) x.timed_out = true;
}

// Writes all of `data` to the client, at the response's rate (limit_rate) if it has one. Not a coroutine
// of its own: the write's is the only frame.
template <class Stream>
net::awaitable<void> write_to_client(Exchange<Stream>& x, net::const_buffer data) {
    if (!x.failed && paced(x)) return write_paced(x, data);
    return write_unpaced(x, data);
}

// Writes a piece of the response: to the exchange's sink when it has one, else to the client.
template <class Stream>
net::awaitable<void> write_all(Exchange<Stream>& x, net::const_buffer data) {
    if (x.failed) co_return;
    if (!x.sink) {
        co_await write_to_client(x, data);
        co_return;
    }
    // not in the condition: GCC 12 miscompiles a co_await there
    bool taken = co_await x.sink->write(data);
    if (!taken) x.failed = true;
}

// Writes a filter's output: to `next`, a filter after it (gzip after SSI), when there is one, else to
// the client.
template <class Stream>
net::awaitable<void> write_onward(Exchange<Stream>& x, ResponseSink* next, net::const_buffer data) {
    if (!next) {
        co_await write_to_client(x, data);
        co_return;
    }
    if (x.failed) co_return;
    bool taken = co_await next->write(data);  // not in the condition: GCC 12 miscompiles a co_await there
    if (!taken) x.failed = true;
}

// A redirect target as nginx sends it: a relative one is made absolute with the scheme, the host and,
// unless default, the port (absolute_redirect, port_in_redirect). As nginx's header filter, the host is
// the server's name with server_name_in_redirect, else the request's valid Host, else the local address.
template <class Stream>
std::string absolute_location(const Exchange<Stream>& x, const std::string& target) {
    if (target.empty() || target[0] != '/' || !*x.scope.absolute_redirect) return target;
    const ConnectionContext& c = *x.r.connection;
    // a unix socket's connection has no port (0)
    bool default_port = c.server_port == 0 || c.server_port == (c.https ? 443 : 80) || !*x.scope.port_in_redirect;
    const std::string* sent = x.r.header("Host");
    bool named_by_request = (sent && !normalize_host(*sent).empty()) || x.r.request_uri.rfind('/', 0) != 0;
    std::string server_name = x.r.server->names.empty() ? "" : x.r.server->names.front().name;
    std::string host = *x.scope.server_name_in_redirect ? server_name : named_by_request ? x.r.host : c.server_addr;
    return std::string(c.https ? "https://" : "http://") + host +
           (default_port ? "" : ":" + std::to_string(c.server_port)) + target;
}

// Where an answer's Location goes, as nginx's header filter decides: a relative one (with absolute_redirect)
// is made absolute and sent in its own place, before Connection; any other among the fields, where it was
// set. Nothing for an empty one.
template <class Stream>
void set_location(const Exchange<Stream>& x, ResponseHead& head, std::string_view name, std::string value) {
    if (value.empty()) return;
    if (value[0] == '/' && *x.scope.absolute_redirect) {
        head.location = absolute_location(x, value);
    } else {
        head.headers.push_back({std::string(name), std::move(value)});
    }
}

// Before the first read of a body the client holds back for "Expect: 100-continue", nginx says go on:
// whenever a handler reads or drops the body, even an empty one. owes_continue says whether that is still
// owed (true once, for an HTTP/1.1 request that expects it); callers check it before they await
// send_continue, which spares the requests that owe nothing (most) a coroutine.
template <class Stream>
bool owes_continue(Exchange<Stream>& x) {
    if (x.continue_sent || x.r.http_version != 11) return false;
    x.continue_sent = true;
    const std::string* expect = x.r.header("Expect");
    return expect && strcasecmp(expect->c_str(), "100-continue") == 0;
}

template <class Stream>
net::awaitable<void> send_continue(Exchange<Stream>& x) {
    static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    // not part of the response: as nginx, written as it is, before the first write decides the rate
    co_await write_unpaced(x, net::buffer(kContinue));
}

// Whether all of the request body has been read: a chunked one as nproxy's decoder says (Beast's parser
// never sees it, so that it is read as nginx reads it), any other as the parser says.
template <class Stream>
bool body_done(const Exchange<Stream>& x) {
    return x.parser.chunked() ? x.r.chunked_body.done() : x.parser.is_done();
}

// The most a body being read (not dropped) may have: client_max_body_size, 0 when unbounded.
template <class Stream>
std::uint64_t body_limit(const Exchange<Stream>& x) {
    return static_cast<std::uint64_t>(*x.scope.client_max_body_size);
}

// Parses what the connection's buffer already holds of the request body into `into`, without reading:
// the body bytes given; `ec` set when the body broke its framing (http::error::bad_chunk) or, chunked,
// went past `limit` (http::error::body_limit; 0: no limit, as when the body is dropped).
template <class Stream>
std::size_t parse_buffered_body(Exchange<Stream>& x, char* into, std::size_t size, std::uint64_t limit,
                                error_code& ec) {
    if (x.parser.chunked()) {
        auto step = x.r.chunked_body.decode(
            std::string_view(static_cast<const char*>(x.buffer.data().data()), x.buffer.size()), into, size, limit);
        x.buffer.consume(step.used);
        x.r.request_length += step.used;
        if (step.status == ChunkedDecoder::Status::Invalid) ec = http::error::bad_chunk;
        if (step.status == ChunkedDecoder::Status::TooLarge) ec = http::error::body_limit;
        return step.produced;
    }
    auto& body = x.parser.get().body();
    body.data = into;
    body.size = size;
    x.parser.eager(true);  // all the buffer holds of the body, in one piece
    std::size_t used = x.parser.put(x.buffer.data(), ec);
    x.buffer.consume(used);
    x.r.request_length += used;
    if (ec == http::error::need_more || ec == http::error::need_buffer) ec = {};
    return size - body.size;
}

// Ends the reading of a body that failed with `ec`: as nginx, a body that breaks its framing is answered
// with 400, a chunked one past client_max_body_size with 413, a client gone is just closed.
template <class Stream>
void body_read_failed(Exchange<Stream>& x, const error_code& ec) {
    x.keep_alive = false;
    if (ec == http::error::body_limit) {
        // as nginx, which counts what came and the size the chunk declared
        x.body_too_large = true;
        x.body_unreadable = true;
        x.runtime.error_log(x.scope).write(confparse::LogLevel::Error, x.r.connection->id,
                                           "client intended to send too large chunked body: " +
                                               std::to_string(x.r.chunked_body.received()) + "+" +
                                               std::to_string(x.r.chunked_body.chunk_left()) + " bytes" +
                                               error_context(x.r));
    } else if (ec.category() == http::make_error_code(http::error::bad_chunk).category() &&
        ec != http::error::partial_message && ec != http::error::end_of_stream) {
        x.body_invalid = true;
        x.body_unreadable = true;
        x.runtime.error_log(x.scope).write(confparse::LogLevel::Error, x.r.connection->id,
                                           "client sent invalid chunked body" + error_context(x.r));
    } else {
        x.failed = true;
        x.timed_out = ec == beast::error::timeout;
    }
}

// The status a request body that went wrong is answered with: 413 past client_max_body_size (chunked), 400
// when it broke its framing; 0 when neither.
template <class Stream>
int body_refusal(const Exchange<Stream>& x) {
    return x.body_too_large ? 413 : x.body_invalid ? 400 : 0;
}

// Whether what the buffer holds of a chunked body already breaks its framing or goes past `limit`, found
// without taking it (the exchange then marked as body_read_failed says): as nginx, which filters the part
// read with the header before the handler goes on, so that without request buffering no upstream is tried.
template <class Stream>
bool preread_body_refused(Exchange<Stream>& x, std::uint64_t limit) {
    if (!x.parser.chunked()) return false;
    ChunkedDecoder trial = x.r.chunked_body;
    std::string_view rest(static_cast<const char*>(x.buffer.data().data()), x.buffer.size());
    std::array<char, 4096> scratch;
    ChunkedDecoder::Step step;
    do {
        step = trial.decode(rest, scratch.data(), scratch.size(), limit);
        rest.remove_prefix(step.used);
    } while (step.status == ChunkedDecoder::Status::More && step.used > 0 && !rest.empty());
    if (step.status != ChunkedDecoder::Status::Invalid && step.status != ChunkedDecoder::Status::TooLarge) return false;
    x.r.chunked_body = trial;  // for the log line; the body is not read on
    body_read_failed(x, step.status == ChunkedDecoder::Status::Invalid ? error_code(http::error::bad_chunk)
                                                                      : error_code(http::error::body_limit));
    return true;
}

// Reads the next piece of the request body into `into`, within client_body_timeout: its size (0 is
// possible before the end), or -1 when the client broke off (the exchange is then failed) or the body
// broke its framing or, chunked, went past `limit` (see parse_buffered_body). A piece is whatever has
// arrived, not a full `into`: a body that comes slowly goes on as it comes.
template <class Stream>
net::awaitable<long> read_body_piece(Exchange<Stream>& x, char* into, std::size_t size, std::uint64_t limit) {
    error_code ec;
    for (;;) {
        if (x.buffer.size() > 0) {
            std::size_t got = parse_buffered_body(x, into, size, limit, ec);
            if (ec) break;
            if (got > 0 || body_done(x)) co_return static_cast<long>(got);
        }
        x.deadline(*x.scope.client_body_timeout);
        auto [rec, n] = co_await x.stream.async_read_some(x.buffer.prepare(beast::read_size(x.buffer, 65536)), use_nothrow);
        if (rec) {
            ec = rec == net::error::eof ? error_code(http::error::partial_message) : rec;
            break;
        }
        x.buffer.commit(n);
    }
    body_read_failed(x, ec);
    co_return -1;
}

// Drops what the connection's buffer holds of the request body, without waiting for more.
template <class Stream>
void drop_buffered_body(Exchange<Stream>& x) {
    const std::uint64_t length = x.r.request_length;  // as nginx: a dropped body is not counted in it
    std::array<char, 8192> scratch;
    error_code ec;
    while (!ec && !body_done(x) && x.buffer.size() > 0) {
        std::size_t got = parse_buffered_body(x, scratch.data(), scratch.size(), 0, ec);  // a dropped body has no limit
        if (!ec && got == 0 && !body_done(x)) break;  // the buffer ends inside a chunk's framing
    }
    x.r.request_length = length;
    if (ec) body_read_failed(x, ec);
}

// Drops the request body, as nginx does for handlers that do not use it: after a "100 Continue" when one is
// owed, what has come; the answer does not wait for the rest, which the session drops once it is sent
// (drop_body_rest).
template <class Stream>
net::awaitable<void> discard_body(Exchange<Stream>& x) {
    if (!x.parser.is_header_done() || x.body_unreadable) co_return;  // nothing (more) to skip
    if (owes_continue(x)) co_await send_continue(x);
    drop_buffered_body(x);
}

// As nginx's discarded body handler: after the answer, the rest of a body no handler used is read and
// dropped, lingering_timeout per wait, lingering_time in all. False when it did not all come (the
// connection is then closed at once).
template <class Stream>
net::awaitable<bool> drop_body_rest(Exchange<Stream>& x) {
    using namespace std::chrono;
    const auto until = steady_clock::now() + milliseconds(*x.scope.lingering_time);
    for (;;) {
        drop_buffered_body(x);
        if (x.body_unreadable) co_return false;  // it broke its framing
        if (body_done(x)) co_return true;
        auto left = duration_cast<milliseconds>(until - steady_clock::now());
        if (left.count() <= 0) co_return false;
        x.deadline(static_cast<confparse::Msec>(std::min(left, milliseconds(*x.scope.lingering_timeout)).count()));
        auto [ec, n] = co_await x.stream.async_read_some(x.buffer.prepare(beast::read_size(x.buffer, 65536)), use_nothrow);
        if (ec) co_return false;
        x.buffer.commit(n);
    }
}

// nginx's charset filter on the header about to go out (charset_filter.hpp); false when it ends the request
// unanswered, as nginx's does when a variable naming the charset is not found. `upstream` is the proxied
// URL, for the error log.
template <class Stream>
bool charset_header(Exchange<Stream>& x, ResponseHead& head, const PeerUrl* upstream = nullptr) {
    bool subrequest = x.sink && x.sink->subrequest;
    if (subrequest ? x.r.main_charset.empty() : !charset_applies(head, x.scope)) return true;
    CharsetOutcome outcome = apply_charset(head, x.scope, x.runtime.http(), x.r, subrequest);
    if (!subrequest) x.r.main_charset = std::move(outcome.charset);
    if (!outcome.error.empty()) {
        if (upstream) outcome.error += " while reading response header from upstream";
        x.runtime.error_log(x.scope).write(confparse::LogLevel::Error, x.r.connection->id,
                                           outcome.error + error_context(x.r, upstream ? upstream->text() : ""));
    }
    if (outcome.failed) {
        x.failed = true;
        x.keep_alive = false;
    }
    return !outcome.failed;
}

// nginx's not_modified filter on an answer about to go out (not_modified.hpp), for a 200 of a main
// request: Failed when it is to be a 412 instead; NotModified when `head` became the 304's.
template <class Stream>
Precondition check_not_modified(Exchange<Stream>& x, ResponseHead& head, std::optional<std::int64_t> last_modified,
                                std::string_view etag) {
    if (head.status != 200 || (x.sink && x.sink->subrequest)) return Precondition::Send;
    Precondition p = check_preconditions(x.r, last_modified, etag, *x.scope.if_modified_since);
    if (p == Precondition::NotModified) {
        head.status = 304;
        head.content_type.clear();
        head.content_length.reset();
        std::erase_if(head.headers, [](const Header& h) {
            return beast::iequals(h.name, "Accept-Ranges") || beast::iequals(h.name, "Content-Encoding");
        });
    }
    return p;
}

// Sends a whole response with a body held in memory (return texts, error pages).
template <class Stream>
net::awaitable<void> send_response(Exchange<Stream>& x, ResponseHead head, std::string body) {
    co_await discard_body(x);
    if (x.failed) co_return;
    head.status = answer_status(x.r, head.status);
    if (x.body_invalid && head.status < 400) {
        head = ResponseHead{};
        head.status = 400;
        head.content_type = "text/html";
        body = error_page(400, server_header(*x.scope.server_tokens));
    }
    Precondition precondition = check_not_modified(x, head, std::nullopt, "");
    if (precondition == Precondition::Failed) co_return co_await send_precondition_failed(x);
    if (precondition == Precondition::NotModified) body.clear();
    x.r.status = wire_status(head.status);  // as nginx's $status: 494..497 are logged as the 400 sent
    if (!charset_header(x, head)) co_return;
    if (precondition != Precondition::NotModified) head.content_length = body.size();
    bool head_only = x.r.method == "HEAD";
    if (head.recode) recode(*head.recode, body.data(), body.size());
    std::string& out = write_sent_head(x.r, head, x.scope, x.runtime, x.announce_keep_alive());
    x.r.sent_keep_alive = x.keep_alive;
    x.r.bytes_sent = out.size();
    if (!head_only) {
        out += body;
        x.r.body_bytes_sent = body.size();
        x.r.bytes_sent += body.size();
    }
    co_await write_all(x, net::buffer(out));
}

// nginx's page for a code (494..497 sent as 400), with `location` (as written: it is made absolute here)
// for a redirect. As nginx's, a 4xx or 5xx page is padded for MSIE and Chrome (msie_padding), and a 301
// or 302 to MSIE is a page that refreshes to the location as written (msie_refresh).
template <class Stream>
net::awaitable<void> send_special_page(Exchange<Stream>& x, int code, const std::string& location) {
    x.continue_sent = true;  // as nginx: a body is dropped after a special page without a "100 Continue"
    const std::string* agent = x.r.header("User-Agent");
    const Browser browser = agent ? browser_of(*agent) : Browser{};
    ResponseHead head;
    std::string page;
    if ((code == 301 || code == 302) && !location.empty() && browser.msie && *x.scope.msie_refresh) {
        x.r.error_status = 200;
        page = refresh_page(location);
    } else {
        head.status = code;
        set_location(x, head, "Location", location);
        page = error_page(code, server_header(*x.scope.server_tokens));
        if (!page.empty() && code >= 400 && (browser.msie || browser.chrome) && x.r.http_version >= 10 &&
            *x.scope.msie_padding) {
            page += msie_padding();
        }
    }
    if (!page.empty()) head.content_type = "text/html";
    co_await send_response(x, std::move(head), std::move(page));
}

// Follows the level's error_page for `code` when one applies; false when none does (error_page.hpp).
// `redirect_to` is the Location of a redirect (else empty).
template <class Stream>
net::awaitable<bool> follow_error_page(Exchange<Stream>& x, int code, const std::string& redirect_to);

// nginx's answer for an error or redirect status (its special response): the level's error_page for the
// code when one applies, else nginx's page, with `location` (as written, relative or not) for a redirect.
template <class Stream>
net::awaitable<void> send_error(Exchange<Stream>& x, int code, const std::string& location) {
    if (code == 400 || code == 413 || code == 414 || code == kHeaderTooLarge || code == kCertError ||
        code == kNoCert || code == kHttpToHttps || code == 500 || code == 501) {
        x.keep_alive = false;  // as nginx: these end the connection
    }
    x.r.error_status = code;
    bool followed = co_await follow_error_page(x, code, location);
    if (!followed) co_await send_special_page(x, code, location);
}

template <class Stream>
net::awaitable<void> send_error(Exchange<Stream>& x, int code) {
    co_await send_error(x, code, std::string());
}

// 412 in place of an answer whose precondition failed. As nginx's not_modified filter, which sends it through
// ngx_http_filter_finalize_request and so ends the request as an error: the connection is closed once the
// 412 is sent, though its header announced keep-alive.
template <class Stream>
net::awaitable<void> send_precondition_failed(Exchange<Stream>& x) {
    x.closes_after = true;
    co_await send_error(x, 412);
}

}  // namespace proxy
