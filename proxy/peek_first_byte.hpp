#pragma once
// The first byte a client sends, looked at without taking it off the socket, so that an ssl listener can
// tell plain HTTP from a TLS handshake and still let BoringSSL read the handshake from the socket itself.
#include <sys/socket.h>

#include <cerrno>

#include "proxy/timed_socket.hpp"

namespace proxy {

// The byte (0..255), within the socket's read deadline; -1 when the client left, sent nothing in time or
// the read failed.
inline net::awaitable<int> peek_first_byte(TimedSocket& socket) {
    for (;;) {
        unsigned char byte = 0;
        ssize_t n = ::recv(socket.socket().native_handle(), &byte, 1, MSG_PEEK);
        if (n == 1) co_return byte;
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) co_return -1;
        auto [ec] = co_await socket.async_wait(Socket::wait_read, TimedSocket::Direction::Read, use_nothrow);
        if (ec) co_return -1;
    }
}

}  // namespace proxy
