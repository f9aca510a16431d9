#include "proxy/take_proxy_protocol.hpp"

#include <sys/socket.h>

#include <chrono>
#include <string>

#include "confparse/files.hpp"
#include "proxy/peek_first_byte.hpp"
#include "proxy/proxy_protocol.hpp"
#include "proxy/router.hpp"
#include "proxy/runtime.hpp"

namespace proxy {
namespace {

// nginx's largest version 1 header and its CR: what an ssl listener peeks for the header
constexpr std::size_t kTlsPeek = 108;

}  // namespace

net::awaitable<bool> take_proxy_protocol(TimedSocket& socket, ConnectionContext& conn, const Endpoint& endpoint,
                                         const Runtime& runtime) {
    const confparse::HttpScope& scope = endpoint.default_server->scope;
    const ErrorLog& log = runtime.error_log(scope);
    auto fail = [&](confparse::LogLevel level, const std::string& message) {
        log.write(level, conn.id,
                  message + " while reading PROXY protocol, client: " + conn.remote_addr + ", server: " + endpoint.key);
        return false;
    };
    // as nginx: the header is what the first read brings, a client_header_buffer_size on a plain listener
    // and 108 bytes on an ssl one (which peeks, leaving the rest for the handshake)
    std::string buffer(endpoint.ssl ? kTlsPeek : static_cast<std::size_t>(*scope.client_header_buffer_size), '\0');
    socket.expires_after(std::chrono::milliseconds(*scope.client_header_timeout));
    Peeked peeked = co_await peek_some(socket, buffer.data(), buffer.size());
    if (peeked.error) {
        co_return fail(confparse::LogLevel::Info, "recv() failed (" + confparse::errno_text(peeked.error) + ")");
    }
    if (peeked.wait == beast::error::timeout) {
        co_return fail(confparse::LogLevel::Info, "client timed out (110: Connection timed out)");
    }
    if (peeked.bytes < 0) co_return false;
    const ssize_t n = peeked.bytes;
    // as nginx: a plain listener's client that leaves is logged as such; an ssl one's peek reads an empty header
    if (n == 0 && !endpoint.ssl) co_return fail(confparse::LogLevel::Info, "client closed connection");
    ProxyProtocolHeader header = read_proxy_protocol(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    if (header.size == 0) {
        if (header.error.empty()) co_return false;
        co_return fail(confparse::LogLevel::Error, header.error);
    }
    if (::recv(socket.socket().native_handle(), buffer.data(), header.size, 0) != static_cast<ssize_t>(header.size))
        co_return false;
    if (header.addresses) conn.proxy_protocol = std::make_unique<ProxyProtocolAddresses>(std::move(*header.addresses));
    co_return true;
}

}  // namespace proxy
