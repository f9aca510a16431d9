#pragma once
// Chooses the server block for a connection's address and Host (or SNI), and the location for a URI,
// by nginx's rules.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "confparse/config.hpp"
#include "proxy/regex.hpp"

namespace proxy {

// One listening address ("127.0.0.1:8443") and the servers that listen on it.
struct Endpoint {
    std::string host;  // numeric, "" for any
    bool ipv6 = false;
    int port = 0;
    bool ssl = false;
    bool proxy_protocol = false;  // connections start with a PROXY protocol header
    bool reuseport = false;
    int backlog = 511;
    std::string key;   // "127.0.0.1:8443" / "0.0.0.0:80" / "[::]:443" / "unix:/run/app.sock"
    std::vector<const confparse::Server*> servers;
    const confparse::Server* default_server = nullptr;
    std::string unix_path;  // "listen unix:PATH": the socket's path; empty for TCP
};

class Router {
public:
    explicit Router(const confparse::Http& http);
    ~Router();

    const std::vector<Endpoint>& endpoints() const { return endpoints_; }

    // nginx's server choice: exact name, longest "*." wildcard, longest ".*" wildcard, regexes in order,
    // else the address's default server. `host` may carry a port and any case.
    const confparse::Server* find_server(const Endpoint& endpoint, std::string_view host) const;
    // The same for a host already through normalize_host.
    const confparse::Server* find_server_by_name(const Endpoint& endpoint, const std::string& host) const;
    // The server one of whose names matches `host` (normalized), without falling back to the default: null
    // when none does.
    const confparse::Server* find_named_server(const Endpoint& endpoint, const std::string& host) const;

    // nginx's location choice: "=" exact, longest prefix (descending into nested locations), "^~" stops,
    // else the first matching regex, nested ones before outer ones. Null when nothing matches. A regex
    // location that matches leaves its captures in `captures`, as nginx. `slash_redirect` tells when the
    // location is one with proxy_pass named as the URI and a '/', which nginx answers with a 301 to it.
    const confparse::Location* find_location(const confparse::Server& server, std::string_view uri,
                                             Captures* captures = nullptr, bool* slash_redirect = nullptr) const;

    // The server's named location ("@name", as written), or null: as nginx, only the server level has them.
    const confparse::Location* find_named(const confparse::Server& server, std::string_view name) const;

    // The captures of the server's first regex server_name that matches `host` (which nginx keeps from
    // choosing the server); false when none matches.
    bool server_name_captures(const confparse::Server& server, std::string_view host, Captures& captures) const;

private:
    struct Compiled;
    std::vector<Endpoint> endpoints_;
    std::unique_ptr<Compiled> compiled_;
};

// nginx's limit_except: the location's limit_except block when `method` is not one it allows, else the
// location itself.
const confparse::Location* for_method(const confparse::Location& location, std::string_view method);

// Host without port, lower-cased, without a trailing dot; empty when it is not a valid host name.
std::string normalize_host(std::string_view host);

}  // namespace proxy
