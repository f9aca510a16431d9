#pragma once
// Everything a variable can read about one request: the connection, the request line and headers, the
// response so far, and the upstream attempts. Filled by the session and the handlers as they go.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "proxy/chunked_decoder.hpp"
#include "proxy/limit_conn_leases.hpp"
#include "proxy/proxy_protocol.hpp"
#include "proxy/header_as_sent.hpp"
#include "tls/connection_info.hpp"

namespace confparse {
struct Server;
struct Location;
}  // namespace confparse

namespace proxy {

struct ConnectionCounters;
struct RequestBody;
class BackgroundRequests;
class ComputedVariables;

struct Header {
    std::string name;
    std::string value;
};

struct UpstreamAttempt {
    std::string addr;     // "127.0.0.1:8443"
    int status = 0;       // 0 when no response header was read (shown as "502"/"504" or "-")
    std::int64_t response_length = -1;  // body bytes received, -1 when no response header was read
    double connect_time = -1, header_time = -1, response_time = -1;  // seconds, -1 when not reached
    // as nginx's u->start_time: the three times above count from the start of this try, not the request
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    std::uint64_t bytes_sent = 0, bytes_received = 0;
};

struct ConnectionContext {
    std::uint64_t id = 0;  // nginx's $connection, also "*N" in error log lines
    std::string remote_addr, server_addr;
    int remote_port = 0, server_port = 0;
    bool https = false;
    // set by the TLS handshake; a plain connection carries no TLS fields while it waits
    std::unique_ptr<const tls::ConnectionInfo> tls_info;
    const tls::ConnectionInfo& tls() const {
        static const tls::ConnectionInfo none;
        return tls_info ? *tls_info : none;
    }
    // what the PROXY protocol header named (a listen's "proxy_protocol"); null when it named nothing
    std::unique_ptr<const ProxyProtocolAddresses> proxy_protocol;
    std::string sni_named;  // the SNI when it names one of the address's servers (request_checks.hpp)
    std::uint64_t requests = 0;  // $connection_requests
    int socket = -1;             // the client socket, for $tcpinfo_*
    std::chrono::steady_clock::time_point start;  // $connection_time, keepalive_time
    const ConnectionCounters* counters = nullptr;  // $connections_active and the like
};

struct RequestContext {
    const ConnectionContext* connection = nullptr;
    const confparse::Server* server = nullptr;
    const confparse::Location* location = nullptr;

    std::chrono::system_clock::time_point start_wall;
    std::chrono::steady_clock::time_point start;

    std::string method;
    std::string request_line;  // "GET /a?b HTTP/1.1"
    std::string request_uri;   // as sent: "/a?b"
    std::string uri;           // decoded path without args
    std::string args;          // after '?', empty when none
    bool has_args = false;
    int http_version = 11;     // 10 or 11
    bool pipelined = false;    // $pipe: read from bytes that came with the request before it
    // realip: the client's address (and port, 0 when none) a trusted proxy named; empty: the connection's
    std::string real_ip;
    int real_ip_port = 0;
    bool completed = false;    // $request_completion: answered in full
    mutable std::string request_id;  // $request_id: made when first asked for, then the same for the request
    std::vector<Header> headers;
    HeaderAsSent as_sent;      // what the header's pre-pass kept of the header as it came
    std::string host;          // $host: Host without port, lower-cased, else the server name
    bool rewritten = false;    // a rewrite changed the URI: the request line's target no longer stands for it
    bool valid_location = true;  // as nginx: false once a break kept a changed URI in its old location
    bool add_uri_to_alias = false;  // try_files chose a name under a regex location's alias (file_path.hpp)
    std::map<std::string, std::string> variables;  // those "set" gave a value
    std::vector<std::string> captures;  // of the last regex that matched: $1..$9
    // The value of a variable the configuration defines ("set", named captures) that this request has not
    // set: empty, with nginx's warning; nothing for any other name. Given by the rewrite phases.
    std::function<std::optional<std::string>(const RequestContext&, std::string_view)> unset_variable;
    const ComputedVariables* computed = nullptr;  // map and geo variables, the configuration's
    // the map and geo values this request has computed, by their source: kept, as nginx keeps them
    mutable std::vector<std::pair<const void*, std::string>> computed_values;

    std::shared_ptr<RequestBody> body;  // once read (or streamed), what was kept of the request body
    ChunkedDecoder chunked_body;        // how far a chunked body has been read: nproxy decodes it, not Beast
    std::uint64_t request_length = 0;  // bytes read of the request: header and body as they came
    int status = 0;
    // nginx's err_status: the code the last error answer or error_page set, which whatever answers the
    // request then sends instead of its own; 0 when none
    int error_status = 0;
    bool error_page = false;  // an error_page was followed: no other applies (unless recursive_error_pages)
    // Headers every answer to the request carries, through internal redirects (as nginx's headers_out):
    // the WWW-Authenticate of an intercepted 401
    std::vector<Header> kept_headers;
    // The response header as sent (with whatever body went in the same write), for $sent_http_NAME
    std::string sent_head;
    // set by "set $limit_rate" or X-Accel-Limit-Rate, else by the first write: the location's limit_rate
    std::optional<std::int64_t> limit_rate;
    std::optional<std::int64_t> limit_rate_after;  // the location's, once a paced write needs it
    std::uint64_t paced_bytes = 0;           // written to the client at a limit_rate
    // A Content-Type an X-Accel-Redirect kept: as nginx's headers_out.content_type, a handler that would
    // give its default type keeps it instead
    std::string kept_content_type;
    // the charset the main request's answer went out in, once the charset filter ran: what its subrequests'
    // answers are recoded into
    std::string main_charset;
    int limit_req_status = 0;  // what the limit_req phase decided (LimitReqStatus), 0 before it ran
    int limit_conn_status = 0;  // what the limit_conn phase decided (LimitConnStatus), 0 before it counted
    LimitConnLeases limit_conn;  // the limit_conn counts this request holds until it ends
    int uri_changes = 11;     // as nginx: URI changes (rewrites, internal redirects) left, plus one
    bool internal = false;    // an internal redirect brought the request here (`internal` locations answer)
    bool subrequest = false;  // made for another request (an SSI include, an auth request): not the main one
    bool mirror = false;      // a mirror's subrequest: the error log names its URI, as nginx names a subrequest's
    bool post_action = false;  // gone on to its post_action, its answer sent: no client to watch for
    std::shared_ptr<BackgroundRequests> background;  // its mirrors, which its end waits for (mirror.hpp)
    int sent_keep_alive = -1;  // the Connection header sent: -1 none yet, 0 close, 1 keep-alive, 2 upgrade
    std::uint64_t body_bytes_sent = 0, bytes_sent = 0;
    std::uint64_t gzip_in = 0, gzip_out = 0;  // what the gzip filter took and gave ($gzip_ratio)
    // nginx's r->gzip_vary from gzip_static: the answer has a FILE.gz and so depends on Accept-Encoding;
    // with gzip_vary its header carries "Vary: Accept-Encoding" (once, whatever the gzip filter does)
    bool gzip_vary = false;
    std::vector<Header> sent_trailers;  // add_trailer's, as sent ($sent_trailer_NAME)

    std::string proxy_host;  // $proxy_host
    std::string proxy_port;
    std::vector<UpstreamAttempt> upstream;
    std::string upstream_fields;  // the last upstream response's fields, upstream_fields.hpp's form
    // The proxy handler's scratch, kept between requests as the buffers above: a try's connection pool
    // key, and the buffer a response body is relayed through
    std::string upstream_key, relay_buffer;

    // The value of a request header (case-insensitive name), or nullptr.
    const std::string* header(std::string_view name) const;
    // $remote_addr: the address realip found, else the connection's.
    const std::string& client_address() const { return real_ip.empty() ? connection->remote_addr : real_ip; }
};

// The buffers of a finished request's context that a new one fills again (RequestStore): with them, it
// needs no allocation for what they hold.
struct RequestBuffers {
    std::string method, request_line, request_uri, uri, args, host, sent_head, proxy_host, upstream_fields,
        upstream_key, relay_buffer;
    std::vector<Header> headers;
    std::vector<UpstreamAttempt> upstream;
};

// Moves the buffers of `r` into `into`, cleared, those whose capacity is within a bound (4 KiB): one
// large header does not make every later request hold as much.
void save_buffers(RequestContext& r, RequestBuffers& into);
// Gives `r`, new, the buffers `from` saved.
void reuse_buffers(RequestContext& r, RequestBuffers& from);

}  // namespace proxy
