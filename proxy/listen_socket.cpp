#include "proxy/listen_socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "confparse/files.hpp"

namespace proxy {

namespace {

int bind_socket(const Endpoint& endpoint, bool reuseport, std::string& error) {
    sockaddr_storage addr{};
    socklen_t len;
    if (endpoint.ipv6) {
        auto* a = reinterpret_cast<sockaddr_in6*>(&addr);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(static_cast<uint16_t>(endpoint.port));
        if (!endpoint.host.empty()) inet_pton(AF_INET6, endpoint.host.c_str(), &a->sin6_addr);
        len = sizeof(sockaddr_in6);
    } else {
        auto* a = reinterpret_cast<sockaddr_in*>(&addr);
        a->sin_family = AF_INET;
        a->sin_port = htons(static_cast<uint16_t>(endpoint.port));
        if (!endpoint.host.empty() && inet_pton(AF_INET, endpoint.host.c_str(), &a->sin_addr) != 1) {
            error = "invalid address \"" + endpoint.host + "\"";
            return -1;
        }
        len = sizeof(sockaddr_in);
    }
    int fd = ::socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = "socket() " + endpoint.key + " failed (" + confparse::errno_text(errno) + ")";
        return -1;
    }
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (reuseport) ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    if (endpoint.ipv6) ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);  // nginx's default
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0) {
        error = "bind() to " + endpoint.key + " failed (" + confparse::errno_text(errno) + ")";
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

int open_listen_socket(const Endpoint& endpoint, bool first, std::string& error) {
    if (first) {
        // Sockets with SO_REUSEPORT would share the port with another process that set it too; a probe
        // bound without it fails as nginx's bind() would when the port is taken.
        int probe = bind_socket(endpoint, false, error);
        if (probe < 0) return -1;
        ::close(probe);
    }
    int fd = bind_socket(endpoint, true, error);
    if (fd < 0) return -1;
    if (::listen(fd, endpoint.backlog) != 0) {
        error = "listen() to " + endpoint.key + ", backlog " + std::to_string(endpoint.backlog) + " failed (" +
                confparse::errno_text(errno) + ")";
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace proxy
