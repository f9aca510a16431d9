#pragma once
// proxy_bind: the local address of a connection to an upstream, as nginx's ngx_http_upstream_set_local
// (the address, rendered when it has variables) and ngx_event_connect_peer (the bind).
#include <optional>
#include <string>

#include "confparse/config.hpp"
#include "proxy/net.hpp"

namespace proxy {

class Runtime;
struct RequestContext;

struct LocalBind {
    tcp::endpoint endpoint;
    std::string name;  // as configured or rendered, for the error log
    bool transparent = false;
};

// The local address `bind` gives this request, if any; a rendered text that is no address gives none,
// with nginx's error line ("invalid local address").
std::optional<LocalBind> local_bind(const confparse::ProxyBind& bind, const Runtime& runtime, const RequestContext& r,
                                    const confparse::HttpScope& scope);

// Binds the open `socket` as nginx: IP_TRANSPARENT first when asked, IP_BIND_ADDRESS_NO_PORT for an
// address without a port, then bind(). "" when bound, else nginx's message ("bind(NAME) failed (...)").
std::string bind_local(Socket& socket, const LocalBind& bind);

}  // namespace proxy
