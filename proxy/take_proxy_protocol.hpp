#pragma once
// Takes the PROXY protocol header off a new connection on a listen with "proxy_protocol", before
// anything else reads it, as nginx does (ngx_http_wait_request_handler, ngx_http_ssl_handshake).
#include "proxy/net.hpp"
#include "proxy/request_context.hpp"
#include "proxy/timed_socket.hpp"

namespace proxy {

struct Endpoint;
class Runtime;

// Reads the header within the default server's client_header_timeout and keeps what it names in `conn`;
// false, with nginx's log line, when the connection is to be closed instead.
net::awaitable<bool> take_proxy_protocol(TimedSocket& socket, ConnectionContext& conn, const Endpoint& endpoint,
                                         const Runtime& runtime);

}  // namespace proxy
