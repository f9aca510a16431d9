#pragma once
// nginx's info lines for a client that leaves, resets its connection or sends nothing in time, by what the
// connection was doing: each as nginx 1.22 logs it (ngx_http_request.c, ngx_event_openssl.c), so that an
// error log at "info" reads the same from nproxy.
#include <optional>
#include <string>
#include <string_view>

#include "proxy/net.hpp"

namespace proxy {

// What the connection was doing when it ended, as nginx's log "action" names it.
enum class ClientStage {
    TlsFirstByte,          // an ssl listener's first byte, before the handshake ("SSL handshaking")
    TlsHandshake,          // the handshake itself ("SSL handshaking")
    WaitingForRequest,     // a new connection's first request
    Keepalive,             // between requests
    RequestLine,           // "reading client request line"
    PipelinedRequestLine,  // the same, of a request that came with the one before it
    RequestHeaders,        // "reading client request headers"
};

// The line nginx logs at info when a connection at `stage` ends with `ec` (a TLS connection's when `tls`),
// before the context (", client: ...") the caller adds, which nginx leaves out only between requests:
// that line names the client itself. Nothing when nginx logs none.
std::optional<std::string> client_gone_message(ClientStage stage, const error_code& ec, bool tls,
                                               std::string_view client);

}  // namespace proxy
