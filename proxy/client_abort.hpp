#pragma once
// As nginx's ngx_http_upstream_check_broken_connection: while the upstream's answer is awaited, a client
// that closes its connection ends the request (499) and the upstream connection with it, unless
// proxy_ignore_client_abort. As nginx with epoll's EPOLLRDHUP, the client's FIN is its close, even after
// bytes it sent; bytes alone (a pipelined request) are none, and the watch ends.
#include <poll.h>

#include <memory>

#include "proxy/net.hpp"

namespace proxy {

class ClientAbortWatch {
public:
    // Watches `client` until destroyed; on its close, cancels what waits on `upstream`.
    ClientAbortWatch(Socket& client, Socket& upstream) : client_(client), state_(std::make_shared<State>()) {
        state_->upstream = &upstream;
        // A peek, not a wait for readiness: Asio starts a wait with an epoll_ctl, whose cost grows with the
        // connections the worker has, and a read with a recv(), whose cost does not.
        client.async_receive(net::buffer(&state_->peeked, 1), Socket::message_peek,
                             [state = state_, fd = client.native_handle()](error_code ec, std::size_t) {
            if (ec == net::error::operation_aborted || !state->active) return;
            pollfd p{fd, POLLRDHUP, 0};
            if (::poll(&p, 1, 0) <= 0 || !(p.revents & (POLLRDHUP | POLLHUP | POLLERR))) return;
            state->aborted = true;
            error_code ignored;
            state->upstream->cancel(ignored);
        });
    }
    ClientAbortWatch(const ClientAbortWatch&) = delete;
    ClientAbortWatch& operator=(const ClientAbortWatch&) = delete;
    ~ClientAbortWatch() {
        state_->active = false;  // a completion already queued touches nothing
        error_code ignored;
        client_.cancel(ignored);
    }

    bool aborted() const { return state_->aborted; }

private:
    // shared with the pending wait, which may complete after the watch is gone
    struct State {
        bool active = true;
        bool aborted = false;
        char peeked = 0;
        Socket* upstream = nullptr;
    };
    Socket& client_;
    std::shared_ptr<State> state_;
};

}  // namespace proxy
