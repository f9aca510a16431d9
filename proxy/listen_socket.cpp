#include "proxy/listen_socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
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

// "listen unix:PATH": as nginx, a file left at PATH (by a process that did not end cleanly) makes bind()
// fail with "Address already in use", and the socket is made connectable by every user (0666).
int bind_unix_socket(const Endpoint& endpoint, std::string& error) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    endpoint.unix_path.copy(addr.sun_path, sizeof addr.sun_path - 1);  // confparse checked that it fits
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = "socket() " + endpoint.key + " failed (" + confparse::errno_text(errno) + ")";
        return -1;
    }
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        error = "bind() to " + endpoint.key + " failed (" + confparse::errno_text(errno) + ")";
        ::close(fd);
        return -1;
    }
    if (::chmod(addr.sun_path, 0666) != 0) {
        error = "chmod() \"" + endpoint.unix_path + "\" failed (" + confparse::errno_text(errno) + ")";
        ::close(fd);
        ::unlink(addr.sun_path);
        return -1;
    }
    return fd;
}

int listen_on(int fd, const Endpoint& endpoint, std::string& error) {
    if (::listen(fd, endpoint.backlog) != 0) {
        error = "listen() to " + endpoint.key + ", backlog " + std::to_string(endpoint.backlog) + " failed (" +
                confparse::errno_text(errno) + ")";
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

int open_listen_socket(const Endpoint& endpoint, bool first, std::string& error) {
    if (!endpoint.unix_path.empty()) {
        int fd = bind_unix_socket(endpoint, error);
        return fd < 0 ? -1 : listen_on(fd, endpoint, error);
    }
    if (first) {
        // Sockets with SO_REUSEPORT would share the port with another process that set it too; a probe
        // bound without it fails as nginx's bind() would when the port is taken.
        int probe = bind_socket(endpoint, false, error);
        if (probe < 0) return -1;
        ::close(probe);
    }
    int fd = bind_socket(endpoint, true, error);
    return fd < 0 ? -1 : listen_on(fd, endpoint, error);
}

}  // namespace proxy
