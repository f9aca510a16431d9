#pragma once
// proxy_pass with variables, as nginx's ngx_http_proxy_eval reads its URL once the variables have their
// values, and as ngx_http_upstream_init_request finds what the host names: an upstream group (a block of
// that name, or the implicit one of another proxy_pass with that host and port), an address, or a name
// for the resolver.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "confparse/config.hpp"

namespace proxy {

struct ProxyUrl {
    bool https = false;
    std::string host;       // without brackets
    std::string host_text;  // as written, an IPv6 address in brackets
    int port = 0;           // 80 or 443 when none is written
    bool no_port = true;
    std::string uri;        // empty when none; one that starts with '?' gets a '/' first, as nginx
    bool address = false;   // the host is an IP address, used as it is
    bool unix_socket = false;  // "unix:PATH:URI": `host` is the path, `host_text` "localhost", no port

    // $proxy_host: the host, and the port when one is written that is not the scheme's
    std::string proxy_host() const;
};

// Reads an evaluated URL; nullopt with nginx's error line (without context) when it is not one.
std::optional<ProxyUrl> parse_proxy_url(std::string_view url, std::string& error);

// The index in `upstreams` of the group the URL names, as nginx: an upstream block by its name when no
// port is written, an implicit group by its host and port.
std::optional<std::size_t> find_upstream(const std::vector<confparse::Upstream>& upstreams, const ProxyUrl& url);

// A group of one request's own for the URL's addresses ("ip" or "ip6", each with the URL's port; none for
// a unix socket, its one peer), as nginx's ngx_http_upstream_create_round_robin_peer: weight 1, max_fails
// 1, fail_timeout 10s.
confparse::Upstream resolved_upstream(const ProxyUrl& url, const std::vector<std::string>& addresses);

}  // namespace proxy
