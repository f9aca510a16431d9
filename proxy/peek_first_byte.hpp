#pragma once
// What a client sent first, looked at without taking it off the socket: an ssl listener's first byte, to
// tell plain HTTP from a TLS handshake and still let BoringSSL read the handshake from the socket itself;
// a PROXY protocol header (take_proxy_protocol.hpp).
#include <sys/socket.h>

#include <cerrno>
#include <cstddef>

#include "proxy/timed_socket.hpp"

namespace proxy {

// What a peek came to: `bytes` peeked (0 when the client closed), or a failed recv() (`error`, its errno)
// or a wait that ended (`wait`, beast::error::timeout past the socket's read deadline).
struct Peeked {
    ssize_t bytes = -1;
    int error = 0;
    error_code wait;
};

// Peeks up to `size` bytes into `out`, waiting within the socket's read deadline until some come.
inline net::awaitable<Peeked> peek_some(TimedSocket& socket, void* out, std::size_t size) {
    for (;;) {
        ssize_t n = ::recv(socket.socket().native_handle(), out, size, MSG_PEEK);
        if (n >= 0) co_return Peeked{n, 0, {}};
        int err = errno;
        if (err != EAGAIN && err != EWOULDBLOCK && err != EINTR) co_return Peeked{-1, err, {}};
        auto [ec] = co_await socket.async_wait(Socket::wait_read, TimedSocket::Direction::Read, use_nothrow);
        if (ec) co_return Peeked{-1, 0, ec};
    }
}

// The first byte (0..255), within the socket's read deadline; -1 when none came, with `ec` saying why: eof
// when the client left, the wait's error when it sent nothing in time, or the failed recv()'s.
inline net::awaitable<int> peek_first_byte(TimedSocket& socket, error_code& ec) {
    unsigned char byte = 0;
    Peeked peeked = co_await peek_some(socket, &byte, 1);
    if (peeked.bytes == 1) co_return byte;
    ec = peeked.bytes == 0 ? error_code(net::error::eof)
         : peeked.error    ? error_code(peeked.error, boost::system::system_category())
                           : peeked.wait;
    co_return -1;
}

}  // namespace proxy
