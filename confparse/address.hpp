#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace confparse {

// "host:port", "[ipv6]:port", "host", or (for listen) "port" and "*:port", read as nginx's ngx_parse_url.
struct HostPort {
    std::string host;  // without brackets; "*" or "" for any address (listen)
    int port = 0;
    bool has_port = false;
    bool ipv6 = false;
};

// Returns the parsed address, or sets `err` to nginx's words ("invalid port", "invalid host", "no host",
// "invalid IPv6 address"). `port_only_ok`: a bare number is a port (listen).
std::optional<HostPort> parse_host_port(const std::string& text, bool port_only_ok, std::string& err);

// A numeric address with an optional port, as nginx's ngx_parse_addr_port: "127.0.0.1", "::1",
// "127.0.0.1:80", "[::1]:80" (a port from 1 to 65535; 0 when none). No host names.
struct AddrPort {
    std::string address;  // without brackets
    int port = 0;
    bool ipv6 = false;
};
std::optional<AddrPort> parse_addr_port(std::string_view text);

// "unix:PATH" (the prefix in any case), as nginx's ngx_parse_unix_domain_url reads it for listen, server
// and proxy_pass.
bool names_unix_socket(std::string_view text);

struct UnixSocketUrl {
    std::string path;
    std::string uri;  // with `uri_part`: what follows the path's ':', empty when nothing does
};

// The path of a text names_unix_socket accepts; with `uri_part` (proxy_pass), the path ends at its first
// ':' and the URI follows. Otherwise `err` gets nginx's words: "no path in the unix domain socket", "too
// long path in the unix domain socket" (a path that does not fit a socket address).
std::optional<UnixSocketUrl> parse_unix_socket_url(std::string_view text, bool uri_part, std::string& err);

// What nginx calls a unix socket's peer ($upstream_addr, error lines, a listen's address): "unix:PATH".
inline std::string unix_peer_name(std::string_view path) { return "unix:" + std::string(path); }
// The path of a name unix_peer_name made; empty for any other name ("ip:port").
inline std::string_view unix_peer_path(std::string_view name) {
    return name.substr(0, 5) == "unix:" ? name.substr(5) : std::string_view();
}

// Resolves a host to numeric "ip:port" / "[ip6]:port" strings, as nginx does at load (getaddrinfo);
// empty when the host is not found.
std::vector<std::string> resolve_host(const std::string& host, int port);

}  // namespace confparse
