#include "proxy/session.hpp"

#include <array>
#include <optional>
#include <type_traits>

#include "proxy/admission.hpp"
#include "proxy/client_gone.hpp"
#include "proxy/connection_counters.hpp"
#include "proxy/dispatch.hpp"
#include "proxy/exchange.hpp"
#include "proxy/handshake_certificate_names.hpp"
#include "proxy/header_limits.hpp"
#include "proxy/idle_connections.hpp"
#include "proxy/keepalive.hpp"
#include "proxy/listener_accounting.hpp"
#include "proxy/peek_first_byte.hpp"
#include "proxy/post_action.hpp"
#include "proxy/read_header.hpp"
#include "proxy/request_checks.hpp"
#include "proxy/request_header_prepass.hpp"
#include "proxy/router.hpp"
#include "proxy/take_proxy_protocol.hpp"
#include "tls/connection_info.hpp"
#include "tls/sni.hpp"
#include "upstream/clock.hpp"

namespace proxy {
namespace {

std::string address_text(const tcp::endpoint& ep) { return ep.address().to_string(); }

// How an unreadable request header is answered, as nginx: too large -> 414/494 (`size` says which, when it
// was the line-by-line check that refused it), a major version above 1 -> 505, malformed -> 400.
int status_for_read_error(const error_code& ec, const beast::flat_buffer& buffer, const HeaderSizeCheck& size) {
    if (ec == http::error::header_limit && size.status()) return size.status();
    std::string_view seen(static_cast<const char*>(buffer.data().data()), buffer.size());
    std::size_t end = seen.find('\n');  // of the request line: each LF of the header ends a CRLF by now
    if (ec == http::error::header_limit) return end == std::string_view::npos ? 414 : kHeaderTooLarge;
    // the request line, or its start when it is not whole
    std::string_view request_line = seen.substr(0, end == std::string_view::npos ? end : end + 1);
    if (ec == http::error::bad_version &&
        parse_request_line(request_line).verdict == RequestLineVerdict::InvalidVersion) {
        return 505;
    }
    return 400;
}

// nginx's info line for a header it refuses as too large.
std::string too_large_message(const HeaderSizeCheck& size) {
    if (size.status() == 414) return "client sent too long URI while reading client request line";
    std::string_view line = size.refused_line();
    line = line.substr(0, std::min(line.find_first_of("\r\n"), std::size_t{1748}));
    return "client sent too long header line: \"" + std::string(line) + "...\" while reading client request headers";
}

// What nginx logs of the first header line it would refuse among those the parser has not taken (`taken`
// 0: the request line is still there too); nothing when it would take them all.
std::optional<std::string> refused_header_line(const beast::flat_buffer& buffer, std::size_t taken) {
    std::string_view rest(static_cast<const char*>(buffer.data().data()), buffer.size());
    if (taken == 0) {
        std::size_t end = rest.find('\n');
        if (end == std::string_view::npos) return std::nullopt;
        rest.remove_prefix(end + 1);
    }
    while (!rest.empty() && rest.front() != '\r' && rest.front() != '\n') {
        std::size_t end = rest.find('\n');
        if (auto text = refused_header_text(rest.substr(0, end == std::string_view::npos ? end : end + 1))) return text;
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    return std::nullopt;
}

// The Host of a header not read whole, as far as nginx would have read it: the parser's, else one in the
// whole lines the parser has not taken (`taken` 0: the request line is still there too), up to a line nginx
// refuses.
std::optional<std::string_view> host_so_far(const RequestParser& parser, const beast::flat_buffer& buffer,
                                            std::size_t taken) {
    if (auto host = parser.get().find(http::field::host); host != parser.get().end()) return host->value();
    std::string_view rest(static_cast<const char*>(buffer.data().data()), buffer.size());
    if (taken == 0) rest.remove_prefix(std::min(rest.size(), rest.find('\n') + 1));
    for (std::size_t end; (end = rest.find('\n')) != std::string_view::npos; rest.remove_prefix(end + 1)) {
        std::string_view line = rest.substr(0, end + 1);
        if (line == "\r\n" || refused_header_text(line)) break;  // the header's end, or where nginx stops
        if (line.size() > 5 && beast::iequals(line.substr(0, 5), "host:")) {
            std::string_view value = line.substr(5, line.find_last_not_of(" \t\r\n") - 4);
            return value.substr(std::min(value.size(), value.find_first_not_of(" \t")));
        }
    }
    return std::nullopt;
}

// The context nginx logs for such a header: the Host read so far, and the server it names.
void note_host_so_far(RequestContext& r, const RequestParser& parser, const beast::flat_buffer& buffer,
                      std::size_t taken, const Runtime& runtime, const Endpoint& endpoint) {
    if (auto host = host_so_far(parser, buffer, taken)) {
        r.server = runtime.router().find_server(endpoint, *host);
        r.headers.push_back({"Host", std::string(*host)});
    }
}

// The bytes of `buffer` up to the end of its last whole line.
std::size_t whole_lines(const beast::flat_buffer& buffer) {
    std::string_view seen(static_cast<const char*>(buffer.data().data()), buffer.size());
    return seen.rfind('\n') + 1;  // 0 when there is none
}

// The request line of a header that could not be read whole, as nginx logs it: empty when only empty lines
// came.
std::string received_request_line(const RequestParser& parser, const beast::flat_buffer& buffer, std::size_t taken,
                                  const SentRequestLine& sent) {
    if (!sent.text.empty()) return sent.text;
    if (taken > 0) {  // the parser has taken it off the buffer
        const auto& req = parser.get();
        return std::string(req.method_string()) + " " + std::string(req.target()) +
               (req.version() == 10 ? " HTTP/1.0" : " HTTP/1.1");
    }
    std::string_view seen(static_cast<const char*>(buffer.data().data()), buffer.size());
    return std::string(seen.substr(0, std::min(seen.find_first_of("\r\n"), std::size_t{8192})));
}

// nginx's info line for a client gone before a request came (client_gone.hpp), with nginx's context; false
// when `ec` is no client's going.
bool log_client_gone(const SessionEnv& env, const ConnectionContext& conn, ClientStage stage, const error_code& ec,
                     bool tls) {
    std::optional<std::string> gone = client_gone_message(stage, ec, tls, conn.remote_addr);
    if (!gone) return false;
    if (stage != ClientStage::Keepalive) *gone += ", client: " + conn.remote_addr + ", server: " + env.endpoint->key;
    env.runtime->main_error_log().write(confparse::LogLevel::Info, conn.id, *gone);
    return true;
}

// How a connection ends, decided by how its last request went.
struct Ending {
    enum Mode {
        Close,   // answered: a TLS close_notify, then close
        Linger,  // answered, but the client may still be sending: stop writing, read and drop, then close
        Reset,   // the client was too slow and reset_timedout_connection is on: close with a RST
        Drop,    // the connection broke or timed out: close without more I/O
    } mode = Close;
    const confparse::HttpScope* scope = nullptr;
};

// reset_timedout_connection: Beast closes a socket whose operation times out, and with SO_LINGER at 0
// that close is a reset. The option is set while a request is in progress and changed only when needed.
class ResetOnTimeout {
public:
    void arm(auto& socket, bool want) {
        if (want == armed_) return;
        error_code ec;
        socket.socket().set_option(net::socket_base::linger(want, 0), ec);
        armed_ = want;
    }

private:
    bool armed_ = false;
};

// As nginx's lingering_close: "always", or "on" when the client may have more to send (an unread body,
// pipelined bytes, bytes waiting in the socket).
// What an exchange uses of its worker: the upstream pools, the counters, the snapshot pooled connections keep.
template <class Stream>
void attach_worker(Exchange<Stream>& x, const SessionEnv& env) {
    x.pools = env.pools;
    x.counters = env.counters;
    x.worker = env.worker;
    x.runtime_ptr = env.runtime;
    x.idle = env.idle;
}

template <class Stream>
Ending::Mode close_mode(Exchange<Stream>& x) {
    if (x.failed) return x.timed_out && *x.scope.reset_timedout_connection ? Ending::Reset : Ending::Drop;
    const std::string& lingering = *x.scope.lingering_close;
    if (lingering == "off") return Ending::Close;
    error_code ec;
    bool unread = !body_done(x) || x.buffer.size() > 0 || x.socket().socket().available(ec) > 0;
    return lingering == "always" || unread ? Ending::Linger : Ending::Close;
}

// What a connection's requests hand on to the wait for the next one.
struct KeepAliveState {
    ResetOnTimeout reset;
    confparse::Msec keepalive_wait = 0;  // as nginx: the last request's location says how long to wait
    // as nginx, a request is first read into client_header_buffer_size; later ones into the size of the
    // request before, so that an idle keep-alive connection holds no more
    std::size_t first_read = 0;
    bool pipelined = false;  // the next request's first bytes came with the one before ($pipe)
};

template <class Stream>
net::awaitable<std::optional<Ending>> serve_request(Stream& stream, ConnectionContext& conn, const SessionEnv& env,
                                                    beast::flat_buffer& buffer, KeepAliveState& state);

// The connection's loop: waits for each request and has serve_request answer it. Only what the wait needs
// lives in this frame, which an idle keep-alive connection keeps; a request's own state lives in
// serve_request's frame and on the heap, both freed when it is answered.
template <class Stream>
net::awaitable<Ending> serve_http(Stream& stream, ConnectionContext& conn, const SessionEnv& env,
                                  beast::flat_buffer& buffer) {
    const Endpoint& endpoint = *env.endpoint;
    KeepAliveState state;
    state.first_read = static_cast<std::size_t>(*endpoint.default_server->scope.client_header_buffer_size);
    for (;;) {
        const confparse::HttpScope& server_scope = endpoint.default_server->scope;
        auto& socket = beast::get_lowest_layer(stream);
        state.reset.arm(socket, *server_scope.reset_timedout_connection);
        socket.expires_after(std::chrono::milliseconds(
            conn.requests == 0 ? *server_scope.client_header_timeout : state.keepalive_wait));
        bool waiting = conn.requests > 0 && buffer.size() == 0;  // idle between requests
        state.pipelined = conn.requests > 0 && buffer.size() > 0;
        if (waiting && env.idle->closing()) co_return Ending{Ending::Close, &server_scope};
        if (buffer.size() == 0) {
            std::size_t idle_slot = waiting ? env.idle->add(&socket.socket()) : 0;
            Counted idle_count(env.counters->waiting);
            // read here, not in a coroutine of its own, whose frame the idle connection would keep too;
            // the empty buffer is freed first, so that an idle connection holds no more than `first_read`
            buffer.shrink_to_fit();
            auto [wait_ec, got] = co_await stream.async_read_some(buffer.prepare(state.first_read), use_nothrow);
            if (!wait_ec) buffer.commit(got);
            idle_count.end();
            if (waiting) env.idle->remove(idle_slot);
            // as nginx: a client that leaves or idles out is closed without an answer
            if (wait_ec) {
                log_client_gone(env, conn, waiting ? ClientStage::Keepalive : ClientStage::WaitingForRequest,
                                wait_ec, std::is_same_v<Stream, TlsStream>);
                co_return Ending{Ending::Drop, &server_scope};
            }
        }
        std::optional<Ending> ending = co_await serve_request(stream, conn, env, buffer, state);
        if (ending) co_return *ending;
    }
}

// A request whose header was not read whole (`ec`, after `n` bytes): logged, and answered unless the
// client left or timed out, as nginx.
template <class Stream>
net::awaitable<Ending> end_unread_request(Stream& stream, ConnectionContext& conn, const SessionEnv& env,
                                          beast::flat_buffer& buffer, RequestParser& parser, RequestContext& r,
                                          const HeaderSizeCheck& size, error_code ec, std::size_t n) {
    const Runtime& runtime = *env.runtime;
    const confparse::HttpScope& server_scope = r.server->scope;
    r.request_line = received_request_line(parser, buffer, n, r.as_sent.request_line);
    ClientStage stage = size.past_request_line() ? ClientStage::RequestHeaders
                        : r.pipelined            ? ClientStage::PipelinedRequestLine
                                                 : ClientStage::RequestLine;
    if (auto gone = client_gone_message(stage, ec, std::is_same_v<Stream, TlsStream>, conn.remote_addr)) {
        if (stage == ClientStage::RequestHeaders) note_host_so_far(r, parser, buffer, n, runtime, *env.endpoint);
        // as nginx: a request that never came in full is logged (408 when it timed out, else 400) and closed
        // without an answer, counted to its last whole line
        runtime.main_error_log().write(confparse::LogLevel::Info, conn.id, *gone + error_context(r));
        r.status = ec == beast::error::timeout ? 408 : 400;
        r.request_length = n + whole_lines(buffer);
        runtime.access_log(server_scope).write(r);
        bool reset = ec == beast::error::timeout && *server_scope.reset_timedout_connection;
        co_return Ending{reset ? Ending::Reset : Ending::Drop, &server_scope};
    }
    if (ec == net::error::operation_aborted) co_return Ending{Ending::Drop, &server_scope};
    Exchange<Stream> x{stream, buffer, parser, r, runtime, server_scope, false};
    attach_worker(x, env);  // an error_page may proxy the answer
    x.body_unreadable = true;  // the header is not whole: no body can be told from it
    int status = status_for_read_error(ec, buffer, size);
    if (status == 414 || status == kHeaderTooLarge) {
        runtime.main_error_log().write(confparse::LogLevel::Info, conn.id, too_large_message(size) + error_context(r));
    } else if (ec == http::error::bad_method || ec == http::error::bad_target || ec == http::error::bad_version) {
        runtime.main_error_log().write(confparse::LogLevel::Info, conn.id,
                                       std::string(status == 505                        ? "client sent invalid version"
                                                   : ec == http::error::bad_method ? "client sent invalid method"
                                                                                   : "client sent invalid request") +
                                           " while reading client request line" + request_line_context(r));
    } else if (auto text = refused_header_line(buffer, n)) {
        note_host_so_far(r, parser, buffer, n, runtime, *env.endpoint);
        runtime.main_error_log().write(confparse::LogLevel::Info, conn.id,
                                       "client sent invalid header line: \"" + *text +
                                           "\" while reading client request headers" + error_context(r));
    }
    co_await send_error(x, status);
    r.completed = !x.failed;
    runtime.access_log(server_scope).write(r);
    count_request(*env.listener, r);
    co_return Ending{close_mode(x), &server_scope};
}

// Reads one request's header from `buffer` and the connection, answers it and logs it. Returns how the
// connection ends, or nothing when it waits for another request.
template <class Stream>
net::awaitable<std::optional<Ending>> serve_request(Stream& stream, ConnectionContext& conn, const SessionEnv& env,
                                                    beast::flat_buffer& buffer, KeepAliveState& state) {
    const Runtime& runtime = *env.runtime;
    const Endpoint& endpoint = *env.endpoint;
    const confparse::Server* server = endpoint.default_server;
    const confparse::HttpScope& server_scope = server->scope;
    auto& socket = beast::get_lowest_layer(stream);
    ResetOnTimeout& reset = state.reset;
    // on the heap, not in this frame: with them it would outgrow the frames Asio recycles (1 KiB)
    StoredRequest request(*env.requests);
    RequestParser& parser = *request->parser;
    parser.body_limit(boost::none);  // client_max_body_size is checked against the header, as nginx
    HeaderSizeCheck size(static_cast<std::size_t>(*server_scope.client_header_buffer_size),
                         *server_scope.large_client_header_buffers);
    parser.header_limit(static_cast<std::uint32_t>(size.bound()));
    ++env.counters->requests;
    Counted reading(env.counters->reading);
    auto [ec, n] = co_await read_header(
        stream, buffer, parser, size,
        RequestHeaderPrepass(*server_scope.ignore_invalid_headers, *server_scope.underscores_in_headers,
                             request->r->as_sent));
    reading.end();
    Counted writing(env.counters->writing);  // until this request is answered and logged
    state.first_read =
        std::min(std::max<std::size_t>(n, 1), static_cast<std::size_t>(*server_scope.client_header_buffer_size));

    RequestContext& r = *request->r;
    r.connection = &conn;
    r.computed = &runtime.computed_variables();
    r.request_length = n;
    r.pipelined = state.pipelined;
    r.start = std::chrono::steady_clock::now();
    r.start_wall = std::chrono::system_clock::now();
    r.server = server;
    // the error path is a coroutine of its own, which keeps this frame within what Asio recycles
    if (ec) co_return co_await end_unread_request(stream, conn, env, buffer, parser, r, size, ec, n);
    ++conn.requests;
    Admission admitted = admit_request(r, parser, endpoint, runtime, size);
    const confparse::HttpScope& scope = r.location ? r.location->scope : r.server->scope;
    reset.arm(socket, *scope.reset_timedout_connection);
    Exchange<Stream> x{stream, buffer, parser, r, runtime, scope, keeps_alive(r)};
    attach_worker(x, env);
    if (env.idle->closing()) x.keep_alive = false;
    if (!keepalive_allowed(r, scope, upstream::coarse_now())) x.keep_alive = false;
    state.keepalive_wait = *scope.keepalive_timeout;

    if (admitted.refused) {
        x.body_unreadable = admitted.body_unreadable;
        if (admitted.close) x.keep_alive = false;
        co_await send_error(x, admitted.refused);
    } else {
        co_await dispatch(x, admitted.rewritten);
    }
    // as nginx: the rest of a body no handler read is dropped once the answer is out, before the log
    bool body_dropped = true;
    if (!x.failed && x.keep_alive && !x.closes_after && !x.body_unreadable && !body_done(x)) {
        body_dropped = co_await drop_body_rest(x);
    }
    if (!x.failed && !post_action_of(r).empty()) co_await run_post_actions(x);
    if (r.background) co_await r.background->wait();  // as nginx: the mirrors hold the request until they end
    // as nginx: no answer went out (444 closes without one on purpose, 499 because the client went)
    if (x.failed && r.bytes_sent == 0 && r.status != 444 && r.status != 499) r.status = x.timed_out ? 408 : 400;
    r.completed = !x.failed;
    // as nginx: the log of the location that answered, which an error_page may have changed
    runtime.access_log(r.location ? r.location->scope : scope).write(r);
    count_request(*env.listener, r);
    if (!body_dropped || x.closes_after) co_return Ending{Ending::Drop, &scope};
    if (x.failed || !x.keep_alive) co_return Ending{close_mode(x), &scope};
    co_return std::nullopt;
}

template <class Stream>
void close_quietly(Stream& stream) {
    error_code ec;
    beast::get_lowest_layer(stream).socket().shutdown(Socket::shutdown_both, ec);
}

// Reads and drops what the client still sends, after our side has stopped writing, so that closing does
// not reset the connection and destroy the answer it has not read yet: lingering_timeout per wait, up to
// lingering_time in all.
net::awaitable<void> linger(auto& socket, const confparse::HttpScope& scope) {
    error_code ec;
    socket.socket().shutdown(Socket::shutdown_send, ec);
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(*scope.lingering_time);
    std::array<char, 4096> scratch;
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        socket.expires_after(std::min(left, std::chrono::milliseconds(*scope.lingering_timeout)));
        auto [rec, n] = co_await socket.async_read_some(net::buffer(scratch), use_nothrow);
        if (rec) break;
    }
}

// Ends a connection the way its last request asked for (see Ending).
template <class Stream>
net::awaitable<void> end_connection(Stream& stream, Ending ending) {
    auto& socket = beast::get_lowest_layer(stream);
    error_code ec;
    if (ending.mode == Ending::Reset) {
        socket.socket().set_option(net::socket_base::linger(true, 0), ec);
        socket.socket().close(ec);  // explicitly: Asio clears the linger option of a socket it destroys
        co_return;
    }
    if (ending.mode == Ending::Drop) co_return close_quietly(stream);
    // an answered request's connection ends gracefully, whatever reset_timedout_connection armed
    socket.socket().set_option(net::socket_base::linger(false, 0), ec);
    if constexpr (std::is_same_v<Stream, TlsStream>) {
        // as nginx: send our close_notify without waiting for the client's
        SSL_set_shutdown(stream.native_handle(), SSL_RECEIVED_SHUTDOWN);
        socket.expires_after(std::chrono::milliseconds(*ending.scope->send_timeout));
        auto [sec] = co_await stream.async_shutdown(use_nothrow);
        if (sec) co_return close_quietly(stream);
    }
    if (ending.mode == Ending::Linger) co_await linger(socket, *ending.scope);
    close_quietly(stream);
}

// A coroutine of its own, so that a plain connection's frame holds no TLS stream.
net::awaitable<void> serve_tls(Socket socket, ConnectionContext& conn, const SessionEnv& env);

}  // namespace

net::awaitable<void> run_session(Socket socket, SessionEnv env) {
    ConnectionContext conn;
    conn.id = env.counters->last_id.fetch_add(1) + 1;
    conn.start = std::chrono::steady_clock::now();
    conn.counters = env.counters;
    Counted active(env.counters->active);
    error_code ec;
    conn.socket = socket.native_handle();
    if (env.endpoint->unix_path.empty()) {
        auto remote = socket.remote_endpoint(ec);
        auto local = socket.local_endpoint(ec);
        conn.remote_addr = address_text(remote);
        conn.remote_port = remote.port();
        conn.server_addr = address_text(local);
        conn.server_port = local.port();
        socket.set_option(tcp::no_delay(true), ec);
    } else {  // as nginx: a client of a unix socket has no address of its own, and neither has a port
        conn.remote_addr = "unix:";
        conn.server_addr = env.endpoint->key;
    }
    if (!env.endpoint->ssl) {
        if (env.endpoint->proxy_protocol) {
            TimedSocket timed(std::move(socket));
            if (!co_await take_proxy_protocol(timed, conn, *env.endpoint, *env.runtime)) co_return close_quietly(timed);
            socket = std::move(timed.socket());
        }
        PlainStream stream(std::move(socket));
        beast::flat_buffer buffer;
        co_await end_connection(stream, co_await serve_http(stream, conn, env, buffer));
        co_return;
    }
    co_await serve_tls(std::move(socket), conn, env);
}

namespace {

net::awaitable<void> serve_tls(Socket socket, ConnectionContext& conn, const SessionEnv& env) {
    const Runtime& runtime = *env.runtime;
    const confparse::HttpScope& scope = env.endpoint->default_server->scope;
    TimedSocket plain(std::move(socket));
    if (env.endpoint->proxy_protocol && !co_await take_proxy_protocol(plain, conn, *env.endpoint, runtime)) {
        co_return close_quietly(plain);
    }
    // as nginx: the handshake must finish within client_header_timeout
    plain.expires_after(std::chrono::milliseconds(*scope.client_header_timeout));
    // as nginx: a first byte that starts no TLS record (0x16, or SSLv2's high bit) is plain HTTP
    error_code peek_ec;
    int byte = co_await peek_first_byte(plain, peek_ec);
    if (byte < 0) {
        log_client_gone(env, conn, ClientStage::TlsFirstByte, peek_ec, false);
        co_return close_quietly(plain);
    }
    if (!(byte & 0x80) && byte != 0x16) {
        PlainStream http_stream(std::move(plain.socket()));
        beast::flat_buffer buffer;
        co_await end_connection(http_stream, co_await serve_http(http_stream, conn, env, buffer));
        co_return;
    }
    bssl::UniquePtr<SSL> ssl = tls::new_server_connection(runtime.server_context(*env.endpoint),
                                                          &runtime.sni_selector(*env.endpoint));
    if (!ssl) co_return;
    conn.https = true;  // as nginx: $https is "on" from the handshake on (certificate names may use it)
    HandshakeCertificateNames certificate_names(runtime, *env.endpoint, conn);
    tls::attach_certificate_names(ssl.get(), &certificate_names);
    TlsStream stream(std::move(plain), std::move(ssl));
    const auto handshake_started = std::chrono::steady_clock::now();
    auto [hec] = co_await stream.async_handshake(net::ssl::stream_base::server, use_nothrow);
    count_client_handshake(*env.listener, stream.native_handle(), hec, handshake_started);
    if (hec) {
        if (!log_client_gone(env, conn, ClientStage::TlsHandshake, hec, true)) {
            runtime.main_error_log().write(confparse::LogLevel::Info, conn.id,
                "SSL_do_handshake() failed (SSL: " + hec.message() + ") while SSL handshaking, client: " +
                conn.remote_addr + ", server: " + env.endpoint->key);
        }
        close_quietly(stream);
        co_return;
    }
    conn.tls_info = std::make_unique<tls::ConnectionInfo>(tls::inspect(stream.native_handle()));
    conn.sni_named = sni_naming_server(runtime.router(), *env.endpoint, *conn.tls_info);
    beast::flat_buffer buffer;
    co_await end_connection(stream, co_await serve_http(stream, conn, env, buffer));
}

}  // namespace

}  // namespace proxy
