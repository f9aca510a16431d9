#pragma once
// proxy_pass: picks a peer of the location's upstream group, connects (over TLS with the location's
// client context, offering the group's saved session), sends the request as nginx builds it, and
// streams the response back through fixed buffers. Failures go to the next peer as proxy_next_upstream
// allows, then end in nginx's 502 or 504 with nginx's error log line.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "confparse/files.hpp"
#include "proxy/accel_redirect.hpp"
#include "proxy/client_abort.hpp"
#include "proxy/error_context.hpp"
#include "proxy/error_page.hpp"
#include "proxy/exchange.hpp"
#include "proxy/proxy_cookie.hpp"
#include "proxy/proxy_redirect.hpp"
#include "proxy/proxy_store.hpp"
#include "proxy/proxy_target.hpp"
#include "proxy/proxy_url.hpp"
#include "proxy/range_filter.hpp"
#include "proxy/upstream_bind.hpp"
#include "proxy/read_body.hpp"
#include "proxy/resolver.hpp"
#include "proxy/read_header.hpp"
#include "proxy/response_parser.hpp"
#include "proxy/tunnel.hpp"
#include "proxy/unix_connect.hpp"
#include "proxy/upstream_certificate.hpp"
#include "proxy/upstream_pool.hpp"
#include "proxy/upstream_accounting.hpp"
#include "proxy/upstream_request.hpp"
#include "tls/certified_key.hpp"
#include "tls/client_context.hpp"
#include "tls/handshake_error.hpp"
#include "tls/session_store.hpp"
#include "upstream/dns_message.hpp"
#include "upstream/group.hpp"

namespace proxy {

// How one try at one peer ended.
struct TryResult {
    // Intercepted: the level's error_page answers (proxy_intercept_errors). Internal: nothing wrong with the
    // peer, the request cannot go on (500), as a per-request certificate that does not load. Redirected: the
    // answer named a URI in X-Accel-Redirect, where the request goes instead. ClientClosed: the client went
    // away while the answer was awaited (nginx's 499).
    enum class Kind { Done, Error, Timeout, InvalidHeader, BadStatus, Intercepted, Internal, Redirected, ClientClosed } kind = Kind::Done;
    bool request_sent = false;  // the request (and any body) went out: a retry must be safe to repeat
    bool body_consumed = false; // the client's body was read: it cannot be sent again
    int status = 0;             // for BadStatus and Intercepted: the upstream's status
    std::string redirect;       // for Redirected: the X-Accel-Redirect value
    bool cached = false;        // the try used a kept-alive connection
    bool reusable = false;      // the response was read to its end and the upstream keeps the connection
};

inline double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

inline tcp::endpoint peer_endpoint(const std::string& name) {
    size_t colon = name.rfind(':');
    std::string host = name.substr(0, colon);
    if (!host.empty() && host.front() == '[') host = host.substr(1, host.size() - 2);
    error_code ec;
    return {net::ip::make_address(host, ec), static_cast<unsigned short>(std::stoi(name.substr(colon + 1)))};
}

template <class Stream>
void log_upstream_error(Exchange<Stream>& x, const std::string& message, const std::string& url,
                        confparse::LogLevel level = confparse::LogLevel::Error) {
    x.runtime.error_log(x.scope).write(level, x.r.connection->id, message + error_context(x.r, url));
}

template <class Stream>
void log_upstream_error(Exchange<Stream>& x, const std::string& message, const PeerUrl& url,
                        confparse::LogLevel level = confparse::LogLevel::Error) {
    log_upstream_error(x, message, url.text(), level);
}

// Writes `data` upstream within proxy_send_timeout.
template <class Up>
net::awaitable<error_code> write_upstream(Up& up, net::const_buffer data, confparse::Msec timeout) {
    beast::get_lowest_layer(up).expires_after(std::chrono::milliseconds(timeout));
    auto [ec, n] = co_await net::async_write(up, data, use_nothrow);
    co_return ec;
}

// Writes `head` (the request header, when it has not gone out yet) and a piece of the request body,
// chunk-framed when `chunked`, then the last chunk when `last`: in one gathered write within `timeout`.
template <class Out>
net::awaitable<error_code> write_request_piece(Out& out, std::string_view head, const char* data, std::size_t size,
                                               bool chunked, bool last, confparse::Msec timeout) {
    char size_line[32];
    int len = chunked && size ? std::snprintf(size_line, sizeof size_line, "%zx\r\n", size) : 0;
    std::array<net::const_buffer, 5> parts{net::buffer(head.data(), head.size()),
                                           net::buffer(size_line, static_cast<size_t>(len)), net::buffer(data, size),
                                           net::buffer("\r\n", len ? 2 : 0), net::buffer("0\r\n\r\n", chunked && last ? 5 : 0)};
    beast::get_lowest_layer(out).expires_after(std::chrono::milliseconds(timeout));
    auto [ec, n] = co_await net::async_write(out, parts, use_nothrow);
    co_return ec;
}

// Writes `head` (the response header, when it has not gone out yet), then a piece of the response body,
// chunk-framed when `chunked`, then the last chunk when `last`: in one gathered write within send_timeout.
template <class Stream>
net::awaitable<void> write_body_piece(Exchange<Stream>& x, std::string_view head, const char* data, std::size_t size,
                                      bool chunked, bool last) {
    if (x.failed) co_return;
    char size_line[32];
    int len = chunked && size ? std::snprintf(size_line, sizeof size_line, "%zx\r\n", size) : 0;
    std::array<net::const_buffer, 5> parts{net::buffer(head.data(), head.size()),
                                           net::buffer(size_line, static_cast<size_t>(len)), net::buffer(data, size),
                                           net::buffer("\r\n", len ? 2 : 0), net::buffer("0\r\n\r\n", last ? 5 : 0)};
    if (x.sink || paced(x)) {
        for (const auto& part : parts) {
            if (part.size()) co_await write_all(x, part);
        }
        co_return;
    }
    beast::buffers_suffix<std::array<net::const_buffer, 5>> rest(parts);
    rest.consume(send_now(x.stream, parts));
    if (beast::buffer_bytes(rest) == 0) co_return;
    x.deadline(*x.scope.send_timeout);
    auto [ec, n] = co_await net::async_write(x.stream, rest, use_nothrow);
    if (ec) x.failed = true;
}

// Sends the request header with what has already arrived of the body (as nginx, which sends the preread
// part with the header), then streams the rest as it arrives, re-framed by nproxy. What fits nginx's
// in-memory bound is kept in x.r.body as it passes, for $request_body.
template <class Stream, class Up>
net::awaitable<error_code> send_request_body(Exchange<Stream>& x, Up& up, const BodyFraming& framing,
                                             std::string_view head, UpstreamAttempt& ua) {
    const auto& s = x.scope;
    const bool chunked = framing.kind == BodyFraming::Kind::Chunked;
    RequestBody& kept = *x.r.body;
    std::uint64_t bound = memory_bound(chunked, std::min<std::uint64_t>(x.buffer.size(), framing.length),
                                       static_cast<std::uint64_t>(*s.client_body_buffer_size));
    bool keeping = true;
    std::array<char, 16384> chunk;
    if (owes_continue(x)) co_await send_continue(x);
    error_code ec;
    const std::uint64_t limit = body_limit(x);
    long got = x.buffer.size() > 0 ? static_cast<long>(parse_buffered_body(x, chunk.data(), chunk.size(), limit, ec)) : 0;
    if (ec) body_read_failed(x, ec);
    for (;;) {
        if (got < 0 || ec) co_return make_error_code(net::error::connection_aborted);
        bool last = body_done(x);
        auto piece = static_cast<size_t>(got);
        if (piece || last || !head.empty()) {
            if (auto wec = co_await write_request_piece(up, head, chunk.data(), piece, chunked, last, *s.proxy_send_timeout)) {
                co_return wec;
            }
        }
        ua.bytes_sent += head.size() + piece;
        head = {};
        keeping = keeping && kept.memory.size() + piece <= bound;
        if (keeping) kept.memory.append(chunk.data(), piece);
        else std::string().swap(kept.memory);
        if (last) break;
        got = co_await read_body_piece(x, chunk.data(), chunk.size(), limit);
    }
    kept.whole = keeping;
    co_return error_code{};
}

// The header for the client from the upstream's: its status (unless an error_page set one) and the fields
// nginx passes on, Location and Refresh as proxy_redirect says, Set-Cookie as proxy_cookie_* say. The
// request then keeps the parser's fields, for $upstream_http_NAME.
template <class Stream>
ResponseHead client_head(Exchange<Stream>& x, ResponseParser& parser) {
    const auto& s = x.scope;
    const bool cookies = rewrites_cookies(s);
    ResponseHead head;
    head.status = answer_status(x.r, parser.status());
    const bool accel_charset = !(*s.proxy_ignore_headers & confparse::kIgnoreXAccelCharset);
    parser.for_each_field([&](const ResponseParser::Field& field) {
        const bool unknown = field.id == http::field::unknown;  // Beast has no name for these two
        if (unknown && accel_charset && beast::iequals(field.name, "X-Accel-Charset")) head.accel_charset = field.value;
        if (field.id == http::field::content_type) {
            if (!hidden_by_config(field.name, s)) {
                head.content_type = field.value;
                head.upstream_type = true;
            }
        } else if (field.id == http::field::location) {
            if (passes_to_client(field.id, field.name, s)) set_upstream_location(x, head, field.name, std::string(field.value));
        } else if (unknown && beast::iequals(field.name, "Refresh") && passes_to_client(field.id, field.name, s)) {
            head.headers.push_back({std::string(field.name), rewrite_refresh(x.runtime, x.r, s, std::string(field.value))});
        } else if (passes_to_client(field.id, field.name, s)) {
            head.headers.push_back({std::string(field.name), std::string(field.value)});
            if (cookies && field.id == http::field::set_cookie) {
                rewrite_cookie(x.runtime, x.r, s, head.headers.back().value);
            }
            if (field.id == http::field::last_modified) {  // sent where it came, as nginx sends an upstream's
                head.last_modified = field.value;
                head.last_modified_listed = true;
            }
        }
    });
    x.r.upstream_fields = parser.take_fields();
    return head;
}

// As nginx: a 101 answering a request that asked for an upgrade goes to the client ("Connection: upgrade"),
// then the two connections are joined until either ends; what flows to the client counts as body bytes.
template <class Stream, class Up>
net::awaitable<void> relay_upgraded(Exchange<Stream>& x, Up& up, beast::flat_buffer& upstream_buffer,
                                    ResponseParser& parser, UpstreamAttempt& ua) {
    const auto& s = x.scope;
    if (x.sink && x.sink->subrequest) {  // as nginx: the request ends, with an error
        log_upstream_error(x, "connection upgrade in subrequest", "");
        x.failed = true;
        co_return;
    }
    ResponseHead head = client_head(x, parser);
    x.r.status = head.status;
    x.keep_alive = false;
    if (!charset_header(x, head)) co_return;
    const std::string& header = write_sent_head(x.r, head, s, x.runtime, false);
    x.r.sent_keep_alive = 2;  // "Connection: upgrade", as $sent_http_connection says
    x.r.bytes_sent = header.size();
    co_await write_all(x, net::buffer(header));
    if (x.failed) co_return;
    std::uint64_t to_client = 0;
    co_await tunnel(x.stream, x.buffer, up, upstream_buffer, *s.proxy_read_timeout, *s.proxy_send_timeout,
                    *s.send_timeout, to_client, ua.bytes_sent);
    x.r.body_bytes_sent = to_client;
    x.r.bytes_sent += to_client;
}

// Reads the next piece of a body of known length straight into the parser's body buffer and has the
// parser count it there: one copy less than reading through `buffer`. Bytes past the body's end go to
// `buffer`, as a read through it would have left them. Errors as http::async_read's.
template <class Up>
net::awaitable<std::tuple<error_code, std::size_t>> read_body_in_place(Up& up, ResponseParser& parser,
                                                                      beast::flat_buffer& buffer) {
    auto* start = static_cast<char*>(parser.body().data);
    auto [ec, n] = co_await up.async_read_some(net::buffer(start, parser.body().size), use_nothrow);
    if (ec) co_return std::tuple{ec == net::error::eof ? error_code(http::error::partial_message) : ec, std::size_t{0}};
    auto [pec, used] = parser.parse_in_place(n);
    if (used < n) {
        auto space = buffer.prepare(n - used);
        std::memcpy(space.data(), start + used, n - used);
        buffer.commit(n - used);
    }
    co_return std::tuple{pec, used};
}

// proxy_limit_rate, as nginx's event pipe paces its reads of the upstream: wait until the rate allows a
// byte of the answer (`read` of its body so far, since `started`), then read no more than it allows.
template <class Stream>
net::awaitable<void> pace_upstream_read(Exchange<Stream>& x, ResponseParser& parser, std::int64_t rate,
                                        std::uint64_t read, std::chrono::steady_clock::time_point started) {
    for (;;) {
        RateWindow window = rate_window(rate, 0, read, std::chrono::steady_clock::now() - started);
        if (window.allowed > 0) {
            parser.body().size = std::min(parser.body().size, static_cast<std::size_t>(window.allowed));
            co_return;
        }
        net::steady_timer timer(x.socket().get_executor(), window.wait);
        co_await timer.async_wait(use_nothrow);
    }
}

// The response from upstream to the client: header as nginx passes it, then the body through a fixed
// buffer, re-framed (Content-Length kept, else chunked for HTTP/1.1 clients, else until close).
template <class Stream, class Up>
net::awaitable<void> relay_response(Exchange<Stream>& x, Up& up, beast::flat_buffer& upstream_buffer,
                                    ResponseParser& parser, UpstreamAttempt& ua, const PeerUrl& url) {
    const auto& s = x.scope;
    if (!*s.proxy_buffering) x.r.limit_rate = 0;  // as nginx: an unbuffered answer goes at the upstream's pace
    // as nginx: proxy_limit_rate paces a buffered answer's reads only
    const std::int64_t read_rate = *s.proxy_buffering ? *s.proxy_limit_rate : 0;
    // read only when paced: the precise clock is no free read on the path of every answer
    const auto relay_started = read_rate ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
    std::uint64_t body_read = 0;
    ResponseHead head = client_head(x, parser);
    x.r.status = head.status;
    if (!charset_header(x, head, &url)) co_return;
    bool no_body = x.r.method == "HEAD" || head.status == 204 || head.status == 304 || head.status < 200;
    if (parser.content_length()) {
        head.content_length = *parser.content_length();
    } else if (!no_body && !parser.is_done()) {
        if (x.r.http_version == 11 && *s.chunked_transfer_encoding) head.chunked = true;
        else x.keep_alive = false;
    } else if (!no_body) {
        head.content_length = 0;
    }
    // proxy_force_ranges' range: the body is read whole and the range's bytes sent
    std::optional<ByteRange> range;
    if (*s.proxy_force_ranges) {
        bool unsatisfiable = false;
        range = forced_range(x, head, unsatisfiable);
        if (unsatisfiable) co_return co_await send_error(x, 416);
    }
    std::int64_t offset = 0;  // of the body's next byte, for a range
    const std::string& header = write_sent_head(x.r, head, s, x.runtime, x.announce_keep_alive());
    x.r.sent_keep_alive = x.keep_alive;
    x.r.bytes_sent = header.size();
    // Body bytes that came with the header go out with it in one write; else the header goes alone now,
    // so a slow body never holds it back.
    std::string_view pending = header;
    if (upstream_buffer.size() == 0 || parser.is_done()) {
        co_await write_all(x, net::buffer(header));
        pending = {};
    }

    // One buffer for the body, as large as the body up to 64 KiB: a small body costs no allocation (the
    // request's kept buffer), a large one goes out in few large writes (each write costs a syscall and a
    // packet's processing).
    std::string& chunk = x.r.relay_buffer;
    chunk.clear();
    if (!parser.is_done())
        chunk.resize(parser.content_length() ? std::clamp<std::uint64_t>(*parser.content_length(), 1, 65536) : 65536);
    // a body of known length, once what came with the header is parsed, is read straight into `chunk`
    const bool in_place = parser.content_length() && !no_body;
    if (chunk.size() > 16384 && !in_place) upstream_buffer.reserve(16384);  // a whole TLS record per upstream read
    bool last_chunk_sent = false;
    std::unique_ptr<StoreFile> store = start_store(x, parser.status(), no_body);
    bool closed = false;  // a body delimited by the connection's end ended
    while (!x.failed && !parser.is_done()) {
        parser.body().data = chunk.data();
        parser.body().size = chunk.size();
        if (read_rate && pending.empty()) co_await pace_upstream_read(x, parser, read_rate, body_read, relay_started);
        const std::size_t offered = parser.body().size;  // less than the chunk when paced
        // the first piece is the one already buffered: parsed without waiting for more
        if (pending.empty()) beast::get_lowest_layer(up).expires_after(std::chrono::milliseconds(*s.proxy_read_timeout));
        std::tuple<error_code, std::size_t> step;
        if (!pending.empty()) {
            step = parser.parse_buffered(upstream_buffer);
        } else if (in_place && upstream_buffer.size() == 0) {
            step = co_await read_body_in_place(up, parser, upstream_buffer);
        } else {
            step = co_await http::async_read(up, upstream_buffer, parser, use_nothrow);
        }
        auto [ec, n] = step;
        size_t got = no_body ? 0 : offered - parser.body().size;
        body_read += got;
        ua.bytes_received += n;
        ua.response_length += static_cast<std::int64_t>(got);
        if (store && got) store_piece(x, store, chunk.data(), got);  // as it came, before any recoding
        if (got || !pending.empty()) {
            if (head.recode) recode(*head.recode, chunk.data(), got);
            const char* data = chunk.data();
            std::size_t size = got;
            if (range) {
                auto skip = std::clamp<std::int64_t>(range->start - offset, 0, static_cast<std::int64_t>(got));
                auto stop = std::clamp<std::int64_t>(range->end - offset, skip, static_cast<std::int64_t>(got));
                offset += static_cast<std::int64_t>(got);
                data += skip;
                size = static_cast<std::size_t>(stop - skip);
            }
            last_chunk_sent = head.chunked && parser.is_done() && !ec;
            if (size || !pending.empty() || last_chunk_sent) {
                co_await write_body_piece(x, pending, data, size, head.chunked, last_chunk_sent);
            }
            pending = {};
            x.r.body_bytes_sent += size;
            x.r.bytes_sent += size;
        }
        if (ec == http::error::need_buffer) continue;
        if (ec == http::error::end_of_stream && !parser.content_length() && !head.chunked) {  // close-delimited
            closed = true;
            break;
        }
        if (ec) {
            // The client already has the header: all nginx can do is cut the connection.
            log_upstream_error(x, ec == beast::error::timeout ? "upstream timed out (110: Connection timed out) while reading upstream"
                                  : ec == net::error::connection_reset ? "readv() failed (104: Connection reset by peer) while reading upstream"
                                                                       : "upstream prematurely closed connection while reading upstream",
                               url);
            x.failed = true;
            co_return;
        }
    }
    if (head.chunked && !last_chunk_sent && !x.failed) co_await write_all(x, net::buffer("0\r\n\r\n", 5));
    if (store && !x.failed && (parser.is_done() || closed)) commit_store(x, *store, head.last_modified);
    ua.response_time = seconds_since(ua.started);
}

// Sends a request body kept in a file, after the header. A coroutine of its own: its buffer would make
// every request's frame 16 KiB, which Asio does not recycle.
template <class Up>
net::awaitable<error_code> send_body_file(Up& up, const BodyFile& file, confparse::Msec timeout, UpstreamAttempt& ua) {
    std::array<char, 16384> chunk;
    for (std::uint64_t offset = 0; offset < file.size();) {
        long n = file.read_at(offset, chunk.data(), chunk.size());
        if (n <= 0) co_return make_error_code(boost::system::errc::io_error);
        if (auto ec = co_await write_upstream(up, net::buffer(chunk.data(), static_cast<size_t>(n)), timeout)) co_return ec;
        offset += static_cast<std::uint64_t>(n);
        ua.bytes_sent += static_cast<std::uint64_t>(n);
    }
    co_return error_code{};
}

// Sends the request header and the body kept in memory (in one write) or in its file.
template <class Up>
net::awaitable<error_code> send_kept_request(Up& up, std::string_view head, const RequestBody* body,
                                             confparse::Msec timeout, UpstreamAttempt& ua) {
    const std::string* memory = body && !body->file ? &body->memory : nullptr;
    std::size_t with_head = memory ? memory->size() : 0;
    std::array<net::const_buffer, 2> parts{net::buffer(head.data(), head.size()),
                                           net::buffer(memory ? memory->data() : nullptr, with_head)};
    // written here, not by write_upstream: every request comes this way, and a coroutine level costs
    beast::get_lowest_layer(up).expires_after(std::chrono::milliseconds(timeout));
    auto [ec, n] = co_await net::async_write(up, parts, use_nothrow);
    if (ec) co_return ec;
    ua.bytes_sent += head.size() + with_head;
    if (!body || !body->file) co_return error_code{};
    co_return co_await send_body_file(up, *body->file, timeout, ua);
}

// proxy_intercept_errors: an upstream answer of 300 or more that the level has an error_page for is
// replaced by that page; as nginx, a 401 keeps the upstream's WWW-Authenticate (every one, as nginx 1.23).
template <class Stream>
bool intercepts(Exchange<Stream>& x, const ResponseParser& parser) {
    int status = parser.status();
    if (!*x.scope.proxy_intercept_errors || status < 300 || !find_error_page(x.scope, status)) return false;
    if (status == 401) {
        parser.for_each_field([&](const ResponseParser::Field& field) {
            if (field.id == http::field::www_authenticate) {
                x.r.kept_headers.push_back({std::string(field.name), std::string(field.value)});
            }
        });
    }
    return true;
}

// The X-Accel headers nginx acts on, read in one pass, unless proxy_ignore_headers names them.
// X-Accel-Limit-Rate: the rate the answer is sent at, whatever location answers (a number; anything else
// is ignored, as nginx's ngx_atoi). X-Accel-Redirect: an answer naming a URI there goes no further; the
// headers nginx keeps for the redirected request are kept, and `result` says where it goes (true). The
// parser's fields then go to the request.
template <class Stream>
bool take_accel_headers(Exchange<Stream>& x, ResponseParser& parser, TryResult& result) {
    const unsigned ignored = *x.scope.proxy_ignore_headers;
    const bool redirects = !(ignored & confparse::kIgnoreXAccelRedirect);
    const bool limits = !(ignored & confparse::kIgnoreXAccelLimitRate);
    bool found = false;
    parser.for_each_field([&](const ResponseParser::Field& field) {
        if (redirects && !found && beast::iequals(field.name, "X-Accel-Redirect")) {
            result.redirect = std::string(field.value);
            found = true;
        } else if (limits && beast::iequals(field.name, "X-Accel-Limit-Rate")) {
            if (auto rate = confparse::parse_number(field.value)) x.r.limit_rate = *rate;
        }
    });
    if (!found) return false;
    parser.for_each_field([&](const ResponseParser::Field& field) {
        if (field.id == http::field::content_type) x.r.kept_content_type = field.value;
        else if (kept_on_accel_redirect(field.name)) x.r.kept_headers.push_back({std::string(field.name), std::string(field.value)});
    });
    x.r.upstream_fields = parser.take_fields();  // for $upstream_http_NAME where the request goes
    result.kind = TryResult::Kind::Redirected;
    return true;
}

// The request and the response header over an open upstream stream (read through the connection's
// buffer, `cached` when kept alive from an earlier request); on success, relays the response.
template <class Stream, class Up>
net::awaitable<TryResult> exchange_with(Exchange<Stream>& x, Up& up, beast::flat_buffer& upstream_buffer,
                                        const BodyFraming& framing, const RequestBody* kept,
                                        const std::string& head_text, UpstreamAttempt& ua, const PeerUrl& url,
                                        const upstream::Attempt& attempt, bool last_try, bool cached) {
    const auto& s = x.scope;
    TryResult result;
    if (!kept && framing.kind != BodyFraming::Kind::None) {
        result.request_sent = true;
        result.body_consumed = true;
        if (auto ec = co_await send_request_body(x, up, framing, head_text, ua)) {
            if (!x.failed && !body_refusal(x)) log_upstream_error(x, "send() failed (" + ec.message() + ") while sending request to upstream", url);
            result.kind = ec == beast::error::timeout ? TryResult::Kind::Timeout : TryResult::Kind::Error;
            co_return result;
        }
    } else if (auto ec = co_await send_kept_request(up, head_text, kept, *s.proxy_send_timeout, ua)) {
        log_upstream_error(x, "send() failed (" + ec.message() + ") while sending request to upstream", url);
        result.kind = ec == beast::error::timeout ? TryResult::Kind::Timeout : TryResult::Kind::Error;
        co_return result;
    } else {
        result.request_sent = true;
    }

    ResponseParser parser;
    // as nginx, $upstream_http_NAME names this response's fields from here on
    parser.reuse_fields(std::exchange(x.r.upstream_fields, std::string()));
    parser.header_limit(static_cast<std::uint32_t>(*s.proxy_buffer_size));
    parser.body_limit(boost::none);
    if (x.r.method == "HEAD") parser.skip(true);
    beast::get_lowest_layer(up).expires_after(std::chrono::milliseconds(*s.proxy_read_timeout));
    std::optional<ClientAbortWatch> watch;
    // as nginx: a mirror runs in the background, which the client's leaving does not end
    if (!*s.proxy_ignore_client_abort && !x.r.mirror && !x.r.post_action) watch.emplace(x.socket().socket(), beast::get_lowest_layer(up));
    auto [ec, n] = co_await read_header(up, upstream_buffer, parser);
    bool aborted = watch && watch->aborted();
    watch.reset();
    ua.bytes_received += n;
    if (ec) {
        if (aborted) {
            // nginx's wording says whether it had looked for the header yet: at once on a new TLS connection
            // (its handshake left the socket marked readable), else only once bytes came
            bool reading = (std::is_same_v<Up, TlsStream> && !cached) || upstream_buffer.size() > 0;
            log_upstream_error(x, std::string("epoll_wait() reported that client prematurely closed connection, so "
                                              "upstream connection is closed too while ") +
                                      (reading ? "reading response header from" : "sending request to") + " upstream",
                               url, confparse::LogLevel::Info);
            result.kind = TryResult::Kind::ClientClosed;
        } else if (ec == beast::error::timeout) {
            log_upstream_error(x, "upstream timed out (110: Connection timed out) while reading response header from upstream", url);
            result.kind = TryResult::Kind::Timeout;
        } else if (ec == http::error::header_limit) {
            log_upstream_error(x, "upstream sent too big header while reading response header from upstream", url);
            result.kind = TryResult::Kind::InvalidHeader;
        } else if (ec == net::error::connection_reset) {
            log_upstream_error(x, "recv() failed (104: Connection reset by peer) while reading response header from upstream", url);
            result.kind = TryResult::Kind::Error;
        } else if (peer_closed(ec)) {
            log_upstream_error(x, "upstream prematurely closed connection while reading response header from upstream", url);
            result.kind = TryResult::Kind::Error;
        } else if (ec == http::error::bad_version || ec == http::error::bad_status || ec == http::error::bad_reason) {
            // nginx would take this for HTTP/0.9 and pass the bytes on; nproxy answers 502 instead
            log_upstream_error(x, "upstream sent no valid HTTP/1.0 header while reading response header from upstream", url);
            result.kind = TryResult::Kind::InvalidHeader;
        } else {
            log_upstream_error(x, "upstream sent invalid header while reading response header from upstream", url);
            result.kind = TryResult::Kind::InvalidHeader;
        }
        co_return result;
    }
    ua.status = parser.status();
    ua.response_length = 0;
    ua.header_time = seconds_since(ua.started);
    if (ua.status == 400 && s.proxy_ssl_certificate->empty() && x.r.location && x.r.location->proxy_pass.https) {
        // Beyond nginx: an nginx-like backend that wanted a client certificate says so in its page
        std::string_view body(static_cast<const char*>(upstream_buffer.data().data()), upstream_buffer.size());
        if (body.find("No required SSL certificate was sent") != std::string_view::npos) {
            log_upstream_error(x, "upstream wants a client certificate and no \"proxy_ssl_certificate\" applies to "
                                  "this location while reading response header from upstream",
                               url, confparse::LogLevel::Warn);
        }
    }
    unsigned bit = 0;
    switch (ua.status) {
        case 500: bit = confparse::kNextHttp500; break;
        case 502: bit = confparse::kNextHttp502; break;
        case 503: bit = confparse::kNextHttp503; break;
        case 504: bit = confparse::kNextHttp504; break;
        case 403: bit = confparse::kNextHttp403; break;
        case 404: bit = confparse::kNextHttp404; break;
        case 429: bit = confparse::kNextHttp429; break;
        default: break;
    }
    // as nginx's ngx_http_upstream_test_next: proxy_next_upstream_timeout counts until the status came
    if (bit && (*s.proxy_next_upstream & bit) && !last_try && attempt.may_try_another(upstream::coarse_now())) {
        result.kind = TryResult::Kind::BadStatus;
        result.status = ua.status;
        co_return result;  // another peer answers instead
    }
    if (intercepts(x, parser)) {
        result.kind = TryResult::Kind::Intercepted;
        result.status = ua.status;
        co_return result;  // the level's error_page answers instead
    }
    if (take_accel_headers(x, parser, result)) {
        result.reusable = parser.is_done() && parser.keep_alive() && upstream_buffer.size() == 0;
        co_return result;
    }
    if (ua.status == 101 && x.r.header("Upgrade")) {
        co_await relay_upgraded(x, up, upstream_buffer, parser, ua);
        co_return result;  // the upstream connection ends with the tunnel
    }
    co_await relay_response(x, up, upstream_buffer, parser, ua, url);
    result.reusable = parser.is_done() && parser.keep_alive();
    if (parser.is_done() && upstream_buffer.size() > 0) {
        // as nginx: bytes past the response's end are dropped, and the connection with them, so that
        // they can never be read as the start of another request's response
        log_upstream_error(x, "upstream sent more data than specified in \"Content-Length\" header while reading upstream",
                           url, confparse::LogLevel::Warn);
        result.reusable = false;
    }
    co_return result;
}

// A new plain connection to a peer, within proxy_connect_timeout; null (and `result` set) on failure.
template <class Stream>
net::awaitable<std::unique_ptr<PlainStream>> connect_peer(Exchange<Stream>& x, const ProxyTarget& t, const upstream::Peer& peer,
                                                                const PeerUrl& url, TryResult& result) {
    auto socket = std::make_unique<PlainStream>(x.socket().get_executor());
    socket->expires_after(std::chrono::milliseconds(*x.scope.proxy_connect_timeout));
    const auto connect_started = std::chrono::steady_clock::now();
    // a unix socket's peer; proxy_bind, which has no meaning there, is left out
    if (std::string_view path = confparse::unix_peer_path(peer.name); !path.empty()) {
        int error = connect_unix_socket(socket->socket(), path);
        count_connect(x, *t.group, peer, error_code(error, boost::system::system_category()), connect_started);
        if (error) {
            log_upstream_error(x, "connect() to " + peer.name + " failed (" + confparse::errno_text(error) +
                                      ") while connecting to upstream", url, connect_failure_level(error));
            result.kind = TryResult::Kind::Error;
            co_return nullptr;
        }
        co_return socket;
    }
    const tcp::endpoint endpoint = peer_endpoint(peer.name);
    // non-blocking before the connect, which then needs no ioctl of its own, nor does TlsStream after it
    // (an open that fails here fails again, and is reported, in async_connect)
    error_code opened;
    socket->socket().open(endpoint.protocol(), opened);
    if (!opened) socket->socket().non_blocking(true, opened);
    if (!opened && !x.scope.proxy_bind->address.empty()) {
        if (auto local = local_bind(*x.scope.proxy_bind, x.runtime, x.r, x.scope)) {
            if (std::string error = bind_local(socket->socket(), *local); !error.empty()) {
                log_upstream_error(x, error + " while connecting to upstream", url, confparse::LogLevel::Crit);
                result.kind = TryResult::Kind::Internal;  // as nginx: 500, no other peer tried
                co_return nullptr;
            }
        }
    }
    auto [ec] = co_await socket->async_connect(endpoint, use_nothrow);
    count_connect(x, *t.group, peer, ec, connect_started);
    if (ec) {
        bool timeout = ec == beast::error::timeout;
        log_upstream_error(x, timeout ? "upstream timed out (110: Connection timed out) while connecting to upstream"
                                      : "connect() failed (" + std::to_string(ec.value()) + ": " + ec.message() +
                                            ") while connecting to upstream", url);
        result.kind = timeout ? TryResult::Kind::Timeout : TryResult::Kind::Error;
        co_return nullptr;
    }
    error_code ignored;
    socket->socket().set_option(tcp::no_delay(true), ignored);
    co_return socket;
}

template <class Stream>
net::awaitable<bool> open_connection(Exchange<Stream>& x, UpstreamConnection<PlainStream>& c,
                                     const ProxyTarget& t, const upstream::Peer& peer, const PeerUrl& url,
                                     const std::optional<UpstreamCertificate>&, TryResult& result) {
    c.stream = co_await connect_peer(x, t, peer, url, result);
    co_return c.stream != nullptr;
}

// Connects and handshakes with the location's client context, offering the saved session and the
// request's certificate when its files are chosen per request.
template <class Stream>
net::awaitable<bool> open_connection(Exchange<Stream>& x, UpstreamConnection<TlsStream>& c,
                                     const ProxyTarget& t, const upstream::Peer& peer, const PeerUrl& url,
                                     const std::optional<UpstreamCertificate>& files, TryResult& result) {
    const auto& s = x.scope;
    auto socket = co_await connect_peer(x, t, peer, url, result);
    if (!socket) co_return false;
    const tls::ClientContext& context = x.runtime.client_context(s);
    std::string verify_name = c.slot->identity.substr(c.slot->identity.rfind('|') + 1);
    bssl::UniquePtr<SSL> ssl = context.new_connection(verify_name, *s.proxy_ssl_server_name);
    if (!ssl) {
        log_upstream_error(x, "SSL_new() failed while SSL handshaking to upstream", url);
        result.kind = TryResult::Kind::Error;
        co_return false;
    }
    if (files && !files->cert.empty()) {
        const auto& passwords = s.proxy_ssl_password_file->passwords;
        std::string error;
        if (!tls::use_certificate_files(ssl.get(), files->cert, files->key, passwords.empty() ? nullptr : &passwords,
                                        error)) {
            log_upstream_error(x, error + " while SSL handshaking to upstream", url);
            result.kind = TryResult::Kind::Internal;
            co_return false;
        }
    }
    if (*s.proxy_ssl_session_reuse && t.sessions) t.sessions->attach(ssl.get(), *c.slot);
    c.stream = std::make_unique<TlsStream>(std::move(*socket), std::move(ssl));
    c.stream->join_handshake_to_first_write();  // the request is written next
    beast::get_lowest_layer(*c.stream).expires_after(std::chrono::milliseconds(*s.proxy_connect_timeout));
    const auto handshake_started = std::chrono::steady_clock::now();
    auto [ec] = co_await c.stream->async_handshake(net::ssl::stream_base::client, use_nothrow);
    count_handshake(x, *t.group, peer, c.stream->native_handle(), ec, handshake_started);
    if (ec) {
        bool timeout = ec == beast::error::timeout;
        log_upstream_error(x, timeout ? "upstream timed out (110: Connection timed out) while SSL handshaking to upstream"
                                      : tls::upstream_handshake_error(c.stream->native_handle(), verify_name, ec.message()) +
                                            " while SSL handshaking to upstream", url);
        result.kind = timeout ? TryResult::Kind::Timeout : TryResult::Kind::Error;
        co_return false;
    }
    co_return true;
}

// One try at one peer: an idle kept-alive connection when the group keeps them, else a new one; then the
// exchange; then the connection goes back to the worker's pool if the response allows it.
template <class Stream, class Up>
net::awaitable<TryResult> try_peer(Exchange<Stream>& x, UpstreamPool<Up>& pool, const ProxyTarget& t, const upstream::Peer& peer,
                                   const BodyFraming& framing, const RequestBody* kept, const std::string& head_text,
                                   UpstreamAttempt& ua, const upstream::Attempt& attempt, bool last_try) {
    const auto& s = x.scope;
    const confparse::Upstream& group = *t.config;
    std::string_view scheme = t.https ? "https://" : "http://";
    const PeerUrl url{scheme, peer.name, t.uri};

    // The connection's identity: the client context (client certificate, verify settings), the verify
    // name and whether it goes as SNI. Pool and session store share it. The pool's key is the identity,
    // '@' and the peer, built in place.
    std::string& key = x.r.upstream_key;
    key.clear();
    std::optional<UpstreamCertificate> files;
    if (t.https) {
        files = request_certificate(x.runtime, x.r, s);
        key.reserve(128);  // the usual key fits: one allocation, kept for the worker's next requests
        key += std::to_string(reinterpret_cast<std::uintptr_t>(&x.runtime.client_context(s)));
        if (*s.proxy_ssl_server_name) key += "+sni";
        if (files) key.append("[").append(files->cert).append("\n").append(files->key).append("]");
        key += '|';  // last, the name: a host name holds no '|'
        std::size_t name_at = key.size();
        // as nginx: by default the group's host, which is $proxy_host, but for a unix socket its path
        if (!s.proxy_ssl_name->empty()) x.runtime.text(*s.proxy_ssl_name).render_into(key, x.r);
        else if (t.config->unix_socket) key += t.config->name;
        else key += x.r.proxy_host;
        // without the port, as nginx: "[::1]:8081" names "[::1]"
        std::size_t port =
            key.find(':', key.size() > name_at && key[name_at] == '[' ? key.find(']', name_at) : name_at);
        if (port != std::string::npos) key.resize(port);
    }
    const std::size_t identity_size = key.size();
    key.append(1, '@').append(peer.name);

    TryResult result;
    auto started = std::chrono::steady_clock::now();
    auto connection = group.keepalive ? pool.take(&group, key, std::chrono::milliseconds(group.keepalive_timeout)) : nullptr;
    bool cached = connection != nullptr;
    if (cached) count_reuse(x, *t.group, peer);
    if (!connection) {
        connection = std::make_unique<UpstreamConnection<Up>>();
        connection->runtime = x.runtime_ptr;
        connection->slot = std::make_unique<tls::SessionStore::Slot>(
            tls::SessionStore::Slot{nullptr, key.substr(0, identity_size), peer.name});
        connection->group = &group;
        connection->key = key;
        if (!co_await open_connection(x, *connection, t, peer, url, files, result)) co_return result;
    }
    ua.connect_time = seconds_since(started);
    result = co_await exchange_with(x, *connection->stream, connection->buffer, framing, kept, head_text, ua, url, attempt, last_try, cached);
    result.cached = cached;
    ++connection->requests;
    // as nginx: keepalive_requests and keepalive_time end a connection after the request that reaches them
    if ((result.kind == TryResult::Kind::Done || result.kind == TryResult::Kind::Redirected) && result.reusable &&
        group.keepalive &&
        connection->requests < static_cast<std::uint64_t>(group.keepalive_requests) &&
        upstream::coarse_now() - connection->opened <= std::chrono::milliseconds(group.keepalive_time)) {
        pool.put(std::move(connection), static_cast<std::size_t>(group.keepalive));
    }
    co_return result;
}

// The configuration's upstream group `index` as the target.
template <class Stream>
void use_group(Exchange<Stream>& x, ProxyTarget& t, std::size_t index) {
    t.group = &x.runtime.group(index);
    t.config = &x.runtime.http().upstreams[index];
    t.sessions = &x.runtime.sessions(index);
}

// Where the request goes when proxy_pass has no variables: the location's group. A plain function, not a
// coroutine, for the usual case.
template <class Stream>
void choose_fixed_target(Exchange<Stream>& x, ProxyTarget& t) {
    const confparse::Location& loc = *x.r.location;
    const confparse::ProxyPass& pass = loc.proxy_pass;
    t.https = pass.https;
    use_group(x, t, pass.upstream);
    t.uri = upstream_uri(x.r, loc);
    x.r.proxy_host = t.config->implicit && pass.has_port && pass.port != (pass.https ? 443 : 80)
                         ? pass.host_text + ":" + std::to_string(pass.port)
                         : pass.host_text;
    x.r.proxy_port = pass.unix_socket ? std::string() : std::to_string(pass.port);
}

// Where the request goes when proxy_pass has variables: what they name now (nginx's ngx_http_proxy_eval,
// then ngx_http_upstream_init_request): a group by its name (and port), else an address, else a name the
// resolver turns into addresses. False when the request was answered instead: 500 for what is no URL, 502
// for a name that does not resolve.
template <class Stream>
net::awaitable<bool> choose_target(Exchange<Stream>& x, ProxyTarget& t) {
    const confparse::Location& loc = *x.r.location;
    const confparse::ProxyPass& pass = loc.proxy_pass;
    const auto& s = x.scope;
    std::string error;
    std::optional<ProxyUrl> url = parse_proxy_url(x.runtime.text(pass.url).render(x.r), error);
    if (!url) {
        log_upstream_error(x, error, "");
        co_await send_error(x, 500);
        co_return false;
    }
    t.https = url->https;
    // as nginx: the URI part, when the URL has one, is the whole URI sent (arguments and all)
    t.uri = url->uri.empty() ? upstream_uri(x.r, loc) : url->uri;
    x.r.proxy_host = url->proxy_host();
    x.r.proxy_port = url->unix_socket ? std::string() : std::to_string(url->port);
    // as nginx: a unix socket is connected to as it is, never looked up among the groups
    std::optional<std::size_t> index = url->unix_socket ? std::nullopt : find_upstream(x.runtime.http().upstreams, *url);
    if (index) {
        use_group(x, t, *index);
        co_return true;
    }
    std::vector<std::string> addresses;  // none for a unix socket, its group's one peer
    if (url->address) {
        addresses.push_back(url->host);
    } else if (!url->unix_socket) {
        if (s.resolver->servers.empty()) {
            log_upstream_error(x, "no resolver defined to resolve " + url->host, "");
            co_await send_error(x, 502);
            co_return false;
        }
        Resolution found = co_await x.pools->resolver.resolve(*s.resolver, url->host, *s.resolver_timeout);
        if (found.state) {
            log_upstream_error(x, url->host + " could not be resolved (" + std::to_string(found.state) + ": " +
                                      upstream::dns::state_text(found.state) + ")", "");
            co_await send_error(x, 502);
            co_return false;
        }
        addresses = std::move(found.addresses);
    }
    t.own_config = std::make_unique<confparse::Upstream>(resolved_upstream(*url, addresses));
    t.own_group = std::make_unique<upstream::Group>(*t.own_config);
    t.group = t.own_group.get();
    t.config = t.own_config.get();
    co_return true;
}

template <class Stream>
net::awaitable<void> handle_proxy(Exchange<Stream>& x) {
    const confparse::Location& loc = *x.r.location;
    const auto& s = x.scope;
    ProxyTarget t;
    if (loc.proxy_pass.has_variables) {
        if (!co_await choose_target(x, t)) co_return;
    } else {
        choose_fixed_target(x, t);
    }
    upstream::Group& group = *t.group;
    const confparse::Upstream& config = *t.config;
    // as nginx: before the upstream is chosen, even for an empty body
    if (owes_continue(x)) co_await send_continue(x);

    BodyFraming framing;
    if (auto length = x.parser.content_length()) {
        framing = {BodyFraming::Kind::Length, *length};  // as nginx, "Content-Length: 0" too
    } else if (!body_done(x)) {
        framing.kind = BodyFraming::Kind::Chunked;
    }
    const bool body_set = !s.proxy_set_body->empty();
    const bool sends_body = *s.proxy_pass_request_body && !body_set;
    // As nginx's proxy handler: the body streams upstream as it comes only without request buffering, when
    // the client's body goes upstream at all and, if chunked, to an HTTP/1.1 upstream. Otherwise it is read
    // whole first (into memory within nginx's bounds, else a temporary file) and sent with its length.
    const bool streams = !*s.proxy_request_buffering && sends_body &&
                         (framing.kind != BodyFraming::Kind::Chunked || *s.proxy_http_version == 11);
    const RequestBody* kept = nullptr;
    if (x.body_unreadable && !x.r.body) {  // a mirror reads none, but is given its main request's kept body
        framing = {};  // its framing was refused (an error_page may bring it here): no body of its own
    } else if (x.r.body) {
        // read before an internal redirect brought the request here: sent again when kept whole
        if (x.r.body->whole) kept = x.r.body.get();
        else framing = {};
    } else if (framing.kind != BodyFraming::Kind::None && streams) {
        if (preread_body_refused(x, body_limit(x))) co_return co_await send_error(x, body_refusal(x));
        x.r.body = std::make_shared<RequestBody>();
    } else if (framing.kind != BodyFraming::Kind::None) {
        if (!co_await read_whole_body(x)) co_return;
        kept = x.r.body.get();
    }
    if (kept && framing.kind != BodyFraming::Kind::None) framing = {BodyFraming::Kind::Length, kept_size(*kept)};
    if (!sends_body) {
        framing = {};
        kept = nullptr;
    }
    // proxy_set_body: its text is the body, sent with the header and its length, in place of the client's
    std::string set_body = body_set ? x.runtime.text(*s.proxy_set_body).render(x.r) : std::string();
    BodyFraming head_framing = body_set ? BodyFraming{BodyFraming::Kind::Length, set_body.size()} : framing;
    std::string head_text = upstream_request_head(x.r, loc, x.runtime, head_framing, t.uri) + set_body;

    upstream::Attempt attempt(group, *s.proxy_next_upstream_tries,
                              std::chrono::milliseconds(*s.proxy_next_upstream_timeout), upstream::coarse_now());
    // as nginx's ngx_http_upstream_finalize_request, which frees a peer still held whatever ended the request
    // (state 0): a try left by an exception must not keep counting against least_conn and max_conns
    struct GiveBack {
        upstream::Group& group;
        upstream::Attempt& attempt;
        ~GiveBack() {
            if (attempt.current()) group.finish(attempt, upstream::Outcome::Success, upstream::coarse_now());
        }
    } give_back{group, attempt};
    using Balance = confparse::Upstream::Balance;
    if (config.balance == Balance::IpHash) {
        attempt.hash_client(*variable_value("binary_remote_addr", x.r));
    } else if (config.balance == Balance::Hash || config.balance == Balance::HashConsistent) {
        attempt.hash_key(x.runtime.render(config.hash_key, x.r));
    }
    bool idempotent = x.r.method == "GET" || x.r.method == "HEAD" || x.r.method == "OPTIONS" ||
                      x.r.method == "TRACE" || x.r.method == "PUT" || x.r.method == "DELETE";
    int failure_status = 502;
    for (;;) {
        upstream::Pick pick = group.select(attempt, upstream::coarse_now());
        if (!pick) {
            log_upstream_error(x, "no live upstreams while connecting to upstream",
                               std::string(t.https ? "https://" : "http://") + config.name + t.uri);
            // as nginx: the attempt is listed under the group's name ($upstream_addr "u", or "peer, u")
            UpstreamAttempt none{config.name};
            none.status = failure_status = 502;
            none.response_time = 0;
            x.r.upstream.push_back(std::move(none));
            break;
        }
        x.r.upstream.push_back(UpstreamAttempt{pick.peer->name});
        UpstreamAttempt& ua = x.r.upstream.back();
        // as nginx: when no other peer could answer, whatever status this one sends is passed on
        bool last_try = attempt.tries_left() <= 1 || !attempt.may_try_another(upstream::coarse_now()) ||
                        !(idempotent || (*s.proxy_next_upstream & confparse::kNextNonIdempotent)) ||
                        (framing.kind != BodyFraming::Kind::None && !kept);
        TryResult result;  // not a ternary of co_awaits: GCC 12 frees its string temporaries wrongly
        if (t.https) result = co_await try_peer(x, x.pools->tls, t, *pick.peer, framing, kept, head_text, ua, attempt, last_try);
        else result = co_await try_peer(x, x.pools->plain, t, *pick.peer, framing, kept, head_text, ua, attempt, last_try);
        if (ua.response_time < 0 && result.kind != TryResult::Kind::Done) ua.response_time = seconds_since(ua.started);
        count_try(x, group, *pick.peer, ua, result.kind == TryResult::Kind::Timeout);
        auto now = upstream::coarse_now();
        if (result.kind == TryResult::Kind::Done || result.kind == TryResult::Kind::Intercepted ||
            result.kind == TryResult::Kind::Redirected) {
            group.finish(attempt, upstream::Outcome::Success, now);
            if (result.kind == TryResult::Kind::Intercepted) co_await send_error(x, result.status);
            if (result.kind == TryResult::Kind::Redirected) co_await follow_accel_redirect(x, std::move(result.redirect));
            co_return;
        }
        if (result.kind == TryResult::Kind::ClientClosed) {
            group.finish(attempt, upstream::Outcome::Success, now);  // as nginx: no fault of the peer's
            x.r.status = 499;
            x.failed = true;
            co_return;
        }
        if (int refusal = body_refusal(x)) {  // as nginx: the client's body broke, no fault of the peer's
            group.finish(attempt, upstream::Outcome::Success, now);
            co_return co_await send_error(x, refusal);
        }
        if (result.kind == TryResult::Kind::Internal) {
            group.finish(attempt, upstream::Outcome::Next, now);
            ua.status = 500;
            co_return co_await send_error(x, 500);
        }
        bool next_named = false;
        upstream::Outcome outcome = upstream::Outcome::Failed;
        switch (result.kind) {
            case TryResult::Kind::Error: next_named = *s.proxy_next_upstream & confparse::kNextError; break;
            case TryResult::Kind::Timeout:
                next_named = *s.proxy_next_upstream & confparse::kNextTimeout;
                failure_status = 504;
                break;
            case TryResult::Kind::InvalidHeader: next_named = *s.proxy_next_upstream & confparse::kNextInvalidHeader; break;
            case TryResult::Kind::BadStatus:
                next_named = true;
                if (result.status == 403 || result.status == 404) outcome = upstream::Outcome::Next;
                break;
            case TryResult::Kind::Done:
            case TryResult::Kind::Intercepted:
            case TryResult::Kind::Internal:
            case TryResult::Kind::Redirected:
            case TryResult::Kind::ClientClosed: break;
        }
        if (result.kind != TryResult::Kind::Timeout) failure_status = 502;
        // as nginx: a try that got no answer is listed with the status it would end in
        if (ua.status == 0 && !x.failed) ua.status = failure_status;
        group.finish(attempt, outcome, now);
        // as nginx: a kept-alive connection the upstream had closed costs no try
        if (result.cached && result.kind == TryResult::Kind::Error && !x.failed) attempt.spare_try();
        bool repeatable = !result.body_consumed &&
                          (idempotent || !result.request_sent || (*s.proxy_next_upstream & confparse::kNextNonIdempotent));
        if (x.failed || !next_named || !repeatable || !attempt.may_try_another(now)) break;
    }
    const int refusal = body_refusal(x);  // a body refused before any peer could be tried
    if (!x.failed) co_await send_error(x, refusal ? refusal : failure_status);
}

}  // namespace proxy
