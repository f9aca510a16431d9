#pragma once
// As nginx's ngx_http_upstream_check_broken_connection: while the upstream's answer is awaited, a client
// that closes its connection ends the request (499) and the upstream connection with it, unless
// proxy_ignore_client_abort. As nginx with epoll's EPOLLRDHUP, the client's FIN is its close, even after
// bytes it sent; bytes alone (a pipelined request) are none, and the watch ends.
#include <poll.h>

#include <memory>

#include "proxy/net.hpp"
#include "proxy/timed_socket.hpp"

namespace proxy {

class ClientAbortWatch : private ReadWaitHook {
public:
    // Watches `client` until destroyed, from the moment a read of `upstream` has to wait: an answer that
    // is there already is read without one (nginx has no cost to save here, as its sockets stay in epoll;
    // each watch costs nproxy a system call). On the client's close, cancels what waits on `upstream`.
    ClientAbortWatch(Socket& client, TimedSocket& upstream)
        : client_(client), upstream_(upstream.socket()), timed_upstream_(&upstream) {
        upstream.on_read_wait(this);
    }
    // A plain upstream is read through Beast, which does not tell when it waits: the watch starts at once.
    ClientAbortWatch(Socket& client, PlainStream& upstream) : client_(client), upstream_(upstream.socket()) {
        read_waits();
    }
    ClientAbortWatch(const ClientAbortWatch&) = delete;
    ClientAbortWatch& operator=(const ClientAbortWatch&) = delete;
    ~ClientAbortWatch() {
        if (timed_upstream_) timed_upstream_->on_read_wait(nullptr);
        if (!state_) return;
        state_->active = false;  // a completion already queued touches nothing
        error_code ignored;
        client_.cancel(ignored);
    }

    bool aborted() const { return state_ && state_->aborted; }

private:
    void read_waits() override {
        state_ = std::make_shared<State>();
        state_->upstream = &upstream_;
        // A peek, not a wait for readiness: Asio starts a wait with an epoll_ctl, whose cost grows with the
        // connections the worker has, and a read with a recv(), whose cost does not.
        client_.async_receive(net::buffer(&state_->peeked, 1), Socket::message_peek,
                              [state = state_, fd = client_.native_handle()](error_code ec, std::size_t) {
                                  if (ec == net::error::operation_aborted || !state->active) return;
                                  pollfd p{fd, POLLRDHUP, 0};
                                  if (::poll(&p, 1, 0) <= 0 || !(p.revents & (POLLRDHUP | POLLHUP | POLLERR))) return;
                                  state->aborted = true;
                                  error_code ignored;
                                  state->upstream->cancel(ignored);
                              });
    }

    // shared with the pending receive, which may complete after the watch is gone
    struct State {
        bool active = true;
        bool aborted = false;
        char peeked = 0;
        Socket* upstream = nullptr;
    };
    Socket& client_;
    Socket& upstream_;
    TimedSocket* timed_upstream_ = nullptr;
    std::shared_ptr<State> state_;
};

}  // namespace proxy
