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
        client.async_wait(Socket::wait_read, [state = state_, fd = client.native_handle()](error_code ec) {
            if (ec || !state->active) return;
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
        Socket* upstream = nullptr;
    };
    Socket& client_;
    std::shared_ptr<State> state_;
};

}  // namespace proxy
