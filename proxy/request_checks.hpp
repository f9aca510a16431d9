#pragma once
#include <string>
#include <string_view>

#include "proxy/request_context.hpp"
#include "proxy/router.hpp"

namespace proxy {

// A request nginx refuses as it reads it: the status, and nginx's info line (without its context).
struct Refusal {
    int status = 0;  // 0: not refused
    std::string message;
};

// As nginx's request line parser: a method of capital letters, '_' and '-'.
bool valid_method(std::string_view method);

// As nginx while it reads the header fields, against request smuggling and ambiguity: the first repeat
// of Host or of a field it takes once (If-Match, Content-Length, Transfer-Encoding, Authorization, ...).
Refusal duplicate_field(const RequestContext& r);

// As nginx once the header is read (ngx_http_process_request_header): a Content-Length that is not a
// number (400), Transfer-Encoding in HTTP/1.0 or beside Content-Length (400) or other than "chunked"
// (501), and the CONNECT and TRACE methods (405).
Refusal framing_or_method(const RequestContext& r);

// Whether the client asks to keep the connection, as nginx reads it: HTTP/1.1 unless a Connection field
// contains "close", HTTP/1.0 only when one contains "keep-alive"; of several such fields the last decides.
bool keeps_alive(const RequestContext& r);

// The connection's SNI, normalised as a Host is, when it names one of the address's servers; else "".
// Found once per connection, for is_misdirected.
std::string sni_naming_server(const Router& router, const Endpoint& endpoint, const tls::ConnectionInfo& tls);

// As nginx (421): on a TLS connection whose SNI named one of the address's servers (`sni_named`, as
// sni_naming_server found it), a request for another host name whose server (`server`, chosen by `host`)
// checks client certificates, which the handshake did not check for it.
bool is_misdirected(const std::string& sni_named, const std::string& host, const confparse::Server& server);

}  // namespace proxy
