#include "proxy/unix_connect.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>

namespace proxy {

int connect_unix_socket(Socket& socket, std::string_view path) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    path.copy(addr.sun_path, sizeof addr.sun_path - 1);  // confparse checked that it fits
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return errno;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        int error = errno;
        ::close(fd);
        return error;
    }
    error_code ec;
    socket.assign(tcp::v4(), fd, ec);
    if (ec) {
        ::close(fd);
        return ec.value();
    }
    socket.non_blocking(true, ec);  // as the TCP path's: Asio and TlsStream then set it no more
    return 0;
}

confparse::LogLevel connect_failure_level(int error) {
    switch (error) {
        case ECONNREFUSED:
        case EAGAIN:
        case ECONNRESET:
        case ENETDOWN:
        case ENETUNREACH:
        case EHOSTDOWN:
        case EHOSTUNREACH:
            return confparse::LogLevel::Error;
        default:
            return confparse::LogLevel::Crit;
    }
}

}  // namespace proxy
