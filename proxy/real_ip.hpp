#pragma once
// nginx's realip module: a request from a trusted proxy (set_real_ip_from) takes the client address the
// proxy names in real_ip_header as its $remote_addr, for access rules, limits, geo, logs and upstreams.
namespace confparse {
struct HttpScope;
}

namespace proxy {

struct RequestContext;

// As nginx, once per request: after the header is read with the server's settings, else when the location's
// phases start with the location's.
void apply_real_ip(const confparse::HttpScope& scope, RequestContext& r);

}  // namespace proxy
