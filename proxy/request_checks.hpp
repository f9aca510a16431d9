#pragma once
#include <string>

#include "proxy/request_context.hpp"
#include "proxy/router.hpp"

namespace proxy {

// nginx's checks of a request header past what the HTTP parser enforces, against request smuggling: a
// repeated Host or Content-Length, Transfer-Encoding in HTTP/1.0 (400), a Transfer-Encoding other than
// "chunked" (501); and the TRACE method (405). Returns the status to answer with, or 0 when the header is
// acceptable.
int request_header_status(const RequestContext& r);

// The connection's SNI, normalised as a Host is, when it names one of the address's servers; else "".
// Found once per connection, for is_misdirected.
std::string sni_naming_server(const Router& router, const Endpoint& endpoint, const tls::ConnectionInfo& tls);

// As nginx (421): on a TLS connection whose SNI named one of the address's servers (`sni_named`, as
// sni_naming_server found it), a request for another host name whose server (`server`, chosen by `host`)
// checks client certificates, which the handshake did not check for it.
bool is_misdirected(const std::string& sni_named, const std::string& host, const confparse::Server& server);

}  // namespace proxy
