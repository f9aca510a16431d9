#include "confparse/address.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <strings.h>
#include <sys/un.h>

#include <algorithm>

#include "confparse/values.hpp"

namespace confparse {
namespace {

bool read_port(const std::string& text, int& port) {
    auto n = parse_number(text);
    if (!n || *n < 1 || *n > 65535) return false;
    port = static_cast<int>(*n);
    return true;
}

}  // namespace

std::optional<HostPort> parse_host_port(const std::string& text, bool port_only_ok, std::string& err) {
    HostPort hp;
    std::string rest;
    if (!text.empty() && text[0] == '[') {
        size_t close = text.find(']');
        if (close == std::string::npos) {
            err = "invalid host";
            return std::nullopt;
        }
        hp.host = text.substr(1, close - 1);
        hp.ipv6 = true;
        in6_addr a6;
        if (inet_pton(AF_INET6, hp.host.c_str(), &a6) != 1) {
            err = "invalid IPv6 address";
            return std::nullopt;
        }
        rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest[0] != ':') {
                err = "invalid host";
                return std::nullopt;
            }
            if (!read_port(rest.substr(1), hp.port)) {
                err = "invalid port";
                return std::nullopt;
            }
            hp.has_port = true;
        }
        return hp;
    }
    size_t colon = text.rfind(':');
    if (colon != std::string::npos) {
        hp.host = text.substr(0, colon);
        if (!read_port(text.substr(colon + 1), hp.port)) {
            err = "invalid port";
            return std::nullopt;
        }
        hp.has_port = true;
    } else if (port_only_ok && parse_number(text)) {
        if (!read_port(text, hp.port)) {
            err = "invalid port";
            return std::nullopt;
        }
        hp.has_port = true;
        hp.host = "*";
        return hp;
    } else {
        hp.host = text;
    }
    if (hp.host.empty()) {
        if (port_only_ok) {
            err = "no host";
            return std::nullopt;
        }
        err = "no host";
        return std::nullopt;
    }
    return hp;
}

std::vector<std::string> resolve_host(const std::string& host, int port) {
    std::vector<std::string> out;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    if (getaddrinfo(host.c_str(), nullptr, &hints, &res) != 0) return out;
    for (addrinfo* ai = res; ai; ai = ai->ai_next) {
        char buf[INET6_ADDRSTRLEN];
        std::string text;
        if (ai->ai_family == AF_INET) {
            inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(ai->ai_addr)->sin_addr, buf, sizeof buf);
            text = std::string(buf) + ":" + std::to_string(port);
        } else if (ai->ai_family == AF_INET6) {
            inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(ai->ai_addr)->sin6_addr, buf, sizeof buf);
            text = "[" + std::string(buf) + "]:" + std::to_string(port);
        } else {
            continue;
        }
        if (std::find(out.begin(), out.end(), text) == out.end()) out.push_back(text);
    }
    freeaddrinfo(res);
    return out;
}

std::optional<AddrPort> parse_addr_port(std::string_view text) {
    auto numeric = [](std::string_view a) -> std::optional<AddrPort> {
        std::string address(a);
        unsigned char bytes[16];
        if (inet_pton(AF_INET, address.c_str(), bytes) == 1) return AddrPort{address, 0, false};
        if (inet_pton(AF_INET6, address.c_str(), bytes) == 1) return AddrPort{address, 0, true};
        return std::nullopt;
    };
    if (auto whole = numeric(text)) return whole;
    std::size_t colon;
    std::string_view host;
    if (!text.empty() && text[0] == '[') {
        std::size_t close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') return std::nullopt;
        colon = close + 1;
        host = text.substr(1, close - 1);
    } else {
        colon = text.find(':');
        if (colon == std::string_view::npos) return std::nullopt;
        host = text.substr(0, colon);
    }
    auto port = parse_number(std::string(text.substr(colon + 1)));
    if (!port || *port < 1 || *port > 65535) return std::nullopt;
    auto parsed = numeric(host);
    if (parsed) parsed->port = static_cast<int>(*port);
    return parsed;
}

bool names_unix_socket(std::string_view text) {
    return text.size() >= 5 && strncasecmp(text.data(), "unix:", 5) == 0;
}

std::optional<UnixSocketUrl> parse_unix_socket_url(std::string_view text, bool uri_part, std::string& err) {
    UnixSocketUrl u;
    std::string_view path = text.substr(5);
    if (std::size_t colon = uri_part ? path.find(':') : std::string_view::npos; colon != std::string_view::npos) {
        u.uri = path.substr(colon + 1);
        path = path.substr(0, colon);
    }
    if (path.empty()) {
        err = "no path in the unix domain socket";
        return std::nullopt;
    }
    if (path.size() >= sizeof(sockaddr_un::sun_path)) {  // the path and its terminating zero
        err = "too long path in the unix domain socket";
        return std::nullopt;
    }
    u.path = path;
    return u;
}

}  // namespace confparse
