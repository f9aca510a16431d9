#include "proxy/session.hpp"

#include <strings.h>

#include "proxy/exchange.hpp"
#include "proxy/handle_proxy.hpp"
#include "proxy/handle_return.hpp"
#include "proxy/handle_static.hpp"
#include "proxy/idle_connections.hpp"
#include "proxy/read_header.hpp"
#include "proxy/request_checks.hpp"
#include "proxy/router.hpp"
#include "proxy/uri.hpp"
#include "tls/connection_info.hpp"
#include "tls/sni.hpp"

namespace proxy {
namespace {

std::string address_text(const tcp::endpoint& ep) { return ep.address().to_string(); }

void fill_request(RequestContext& r, const RequestParser& parser) {
    const auto& req = parser.get();
    r.method = std::string(req.method_string());
    r.request_uri = std::string(req.target());
    r.http_version = req.version() == 10 ? 10 : 11;
    r.request_line = r.method + " " + r.request_uri + (r.http_version == 10 ? " HTTP/1.0" : " HTTP/1.1");
    for (const auto& field : req) r.headers.push_back({std::string(field.name_string()), std::string(field.value())});
}

// How an unreadable request header is answered, as nginx: too large -> 494/414, a major version above 1
// -> 505, malformed -> 400.
int status_for_read_error(const error_code& ec, const beast::flat_buffer& buffer) {
    std::string_view seen(static_cast<const char*>(buffer.data().data()), buffer.size());
    std::string_view line = seen.substr(0, seen.find("\r\n"));
    if (ec == http::error::header_limit) return line.size() == seen.size() ? 414 : kHeaderTooLarge;
    size_t version = line.rfind(" HTTP/");
    if (ec == http::error::bad_version && version != std::string_view::npos && version + 6 < line.size() &&
        line[version + 6] >= '2' && line[version + 6] <= '9') {
        return 505;
    }
    return 400;
}

template <class Stream>
net::awaitable<void> dispatch(Exchange<Stream>& x, const RewriteAnswer& rewritten) {
    if (rewritten.code) co_return co_await handle_return(x, rewritten);
    // as nginx: a URI no location matches is served by the server level's settings (static files)
    if (const confparse::Location* loc = x.r.location) {
        if (!loc->proxy_pass.url.empty()) co_return co_await handle_proxy(x);
    }
    co_await handle_static(x);
}

template <class Stream>
net::awaitable<void> serve_http(Stream& stream, ConnectionContext& conn, const SessionEnv& env) {
    const Runtime& runtime = *env.runtime;
    const Endpoint& endpoint = *env.endpoint;
    beast::flat_buffer buffer;
    for (;;) {
        const confparse::Server* server = endpoint.default_server;
        const confparse::HttpScope& server_scope = server->scope;
        RequestParser parser;
        parser.body_limit(boost::none);  // client_max_body_size is checked against the header, as nginx
        const auto& large = *server_scope.large_client_header_buffers;
        parser.header_limit(static_cast<std::uint32_t>(large.count * large.size));
        beast::tcp_stream& socket = beast::get_lowest_layer(stream);
        socket.expires_after(std::chrono::milliseconds(
            conn.requests == 0 ? *server_scope.client_header_timeout : *server_scope.keepalive_timeout));
        bool waiting = conn.requests > 0 && buffer.size() == 0;  // idle between requests
        if (waiting && env.idle->closing()) co_return;
        if (waiting) env.idle->add(&socket);
        auto [ec, n] = co_await read_header(stream, buffer, parser);
        if (waiting) env.idle->remove(&socket);

        RequestContext r;
        r.connection = &conn;
        r.start = std::chrono::steady_clock::now();
        r.start_wall = std::chrono::system_clock::now();
        r.server = server;
        if (ec) {
            if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::eof ||
                ec == net::error::connection_reset || ec == net::error::operation_aborted || buffer.size() == 0) {
                co_return;  // as nginx: a client that leaves or idles out is closed without an answer
            }
            Exchange<Stream> x{stream, buffer, parser, r, runtime, server_scope, false};
            // as nginx: the log shows the request line as received, when one came
            std::string_view seen(static_cast<const char*>(buffer.data().data()), buffer.size());
            r.request_line = std::string(seen.substr(0, std::min(seen.find_first_of("\r\n"), std::size_t{8192})));
            if (r.request_line.empty()) r.request_line = "-";
            co_await send_error(x, status_for_read_error(ec, buffer));
            runtime.access_log(server_scope).write(r);
            co_return;
        }
        ++conn.requests;
        fill_request(r, parser);

        auto target = parse_target(r.request_uri, *server_scope.merge_slashes);
        const std::string* host_header = r.header("Host");
        std::string host = target && !target->host.empty() ? target->host : host_header ? *host_header : "";
        server = runtime.router().find_server(endpoint, host);
        r.server = server;
        r.host = normalize_host(host);
        if (r.host.empty()) r.host = server->names.empty() ? "" : server->names.front().name;
        RewriteAnswer rewritten;
        if (target) {
            r.uri = target->path;
            r.args = target->args;
            r.has_args = target->has_args;
            rewritten = runtime.rewriter().run(runtime, r);  // chooses r.location
        }
        const confparse::HttpScope& scope = r.location ? r.location->scope : server->scope;
        Exchange<Stream> x{stream, buffer, parser, r, runtime, scope, parser.keep_alive()};
        x.pools = env.pools;
        if (env.idle->closing()) x.keep_alive = false;
        x.runtime_ptr = env.runtime;
        if (conn.requests >= static_cast<std::uint64_t>(*scope.keepalive_requests) || *scope.keepalive_timeout == 0) {
            x.keep_alive = false;
        }

        int header_status = request_header_status(r);
        if (header_status) {
            x.body_unreadable = true;  // its framing is what is wrong: answer and close without reading on
            co_await send_error(x, header_status);
        } else if (!target || (r.http_version == 11 && !host_header) ||
                   (host_header && normalize_host(*host_header).empty())) {
            co_await send_error(x, 400);
        } else if (parser.content_length() && *parser.content_length() > static_cast<std::uint64_t>(*scope.client_max_body_size) &&
                   *scope.client_max_body_size != 0) {
            co_await send_error(x, 413);
        } else if (conn.tls.active && *server->scope.ssl_verify_client != confparse::VerifyClient::Off &&
                   conn.tls.client_verify == "NONE" && *server->scope.ssl_verify_client == confparse::VerifyClient::On) {
            co_await send_error(x, kNoCert);
        } else if (conn.tls.active && conn.tls.client_verify.rfind("FAILED", 0) == 0 &&
                   (*server->scope.ssl_verify_client == confparse::VerifyClient::On ||
                    *server->scope.ssl_verify_client == confparse::VerifyClient::Optional)) {
            co_await send_error(x, kCertError);
        } else {
            co_await dispatch(x, rewritten);
        }
        runtime.access_log(scope).write(r);
        if (x.failed || !x.keep_alive) co_return;
    }
}

template <class Stream>
void close_quietly(Stream& stream) {
    error_code ec;
    beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ec);
}

}  // namespace

net::awaitable<void> run_session(tcp::socket socket, SessionEnv env) {
    ConnectionContext conn;
    conn.id = env.connection_ids->fetch_add(1) + 1;
    error_code ec;
    auto remote = socket.remote_endpoint(ec);
    auto local = socket.local_endpoint(ec);
    conn.remote_addr = address_text(remote);
    conn.remote_port = remote.port();
    conn.server_addr = address_text(local);
    conn.server_port = local.port();
    socket.set_option(tcp::no_delay(true), ec);
    if (!env.endpoint->ssl) {
        PlainStream stream(std::move(socket));
        co_await serve_http(stream, conn, env);
        close_quietly(stream);
        co_return;
    }
    const Runtime& runtime = *env.runtime;
    bssl::UniquePtr<SSL> ssl = tls::new_server_connection(runtime.server_context(*env.endpoint),
                                                          &runtime.sni_selector(*env.endpoint));
    if (!ssl) co_return;
    TlsStream stream(PlainStream(std::move(socket)), ssl.release());
    // as nginx: the handshake must finish within client_header_timeout
    beast::get_lowest_layer(stream).expires_after(
        std::chrono::milliseconds(*env.endpoint->default_server->scope.client_header_timeout));
    auto [hec] = co_await stream.async_handshake(net::ssl::stream_base::server, use_nothrow);
    if (hec) {
        runtime.main_error_log().write(confparse::LogLevel::Info, conn.id,
            "SSL_do_handshake() failed (SSL: " + hec.message() + ") while SSL handshaking, client: " +
            conn.remote_addr + ", server: " + env.endpoint->key);
        close_quietly(stream);
        co_return;
    }
    conn.https = true;
    conn.tls = tls::inspect(stream.native_handle());
    co_await serve_http(stream, conn, env);
    close_quietly(stream);
}

}  // namespace proxy
