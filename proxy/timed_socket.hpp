#pragma once
// A TCP socket whose waits for readiness are bounded by deadlines, for the TLS stream (tls_stream.hpp)
// that lets BoringSSL read and write the socket itself and only waits through Asio. Its deadlines work as
// beast::basic_stream's: expires_after() sets a read and a write deadline for the operations that start
// after it (a direction with an operation in progress keeps its own); a wait that reaches its deadline
// closes the socket and ends with beast::error::timeout. A timer is armed only when a wait really
// waits, not for every read or write.
#include <chrono>
#include <memory>
#include <utility>

#include "proxy/net.hpp"

namespace proxy {

// What a TimedSocket tells when a read really has to wait (timed_socket.hpp's on_read_wait()).
class ReadWaitHook {
public:
    virtual void read_waits() = 0;

protected:
    ~ReadWaitHook() = default;
};

class TimedSocket {
public:
    using executor_type = Executor;
    using Clock = std::chrono::steady_clock;
    enum class Direction { Read, Write };

    // The socket goes non-blocking, unless it already is: BoringSSL's reads and writes on it must never
    // block the worker.
    explicit TimedSocket(Socket socket) : state_(std::make_shared<State>(std::move(socket))) {
        error_code ec;
        if (!state_->socket.non_blocking()) state_->socket.non_blocking(true, ec);
    }

    Socket& socket() { return state_->socket; }
    executor_type get_executor() { return state_->socket.get_executor(); }

    void expires_after(Clock::duration after) { expires_at(Clock::now() + after); }
    void expires_never() { expires_at(Clock::time_point::max()); }
    void expires_at(Clock::time_point at) {
        if (!state_->read.pending) state_->read.deadline = at;
        if (!state_->write.pending) state_->write.deadline = at;
    }

    // Ends the waits in progress with operation_aborted.
    void cancel() {
        error_code ec;
        state_->socket.cancel(ec);
    }
    void close() {
        error_code ec;
        state_->socket.close(ec);
    }

    // `hook` is told, once, when a wait for reading next starts; null takes it back.
    void on_read_wait(ReadWaitHook* hook) { state_->read_hook = hook; }

    // Marks an operation of `direction` as in progress (its deadline then stays as it is) or ended.
    void set_pending(Direction direction, bool pending) { side(direction).pending = pending; }

    // Waits until the socket is ready for `what`, within `direction`'s deadline. Completes with
    // (error_code).
    template <class Token>
    auto async_wait(Socket::wait_type what, Direction direction, Token&& token) {
        return net::async_compose<Token, void(error_code)>(WaitOp{state_, what, direction}, token, state_->socket);
    }

    // Reads what the socket has (a plain read, within the read deadline), as beast::basic_stream's.
    template <class Buffers, class Token>
    auto async_read_some(const Buffers& buffers, Token&& token) {
        return net::async_compose<Token, void(error_code, std::size_t)>(ReadOp<Buffers>{*this, buffers}, token,
                                                                        state_->socket);
    }

private:
    struct Side {
        Side(const Executor& ex) : timer(ex) {}
        net::basic_waitable_timer<Clock, net::wait_traits<Clock>, Executor> timer;
        Clock::time_point deadline = Clock::time_point::max();
        unsigned tick = 0;  // which wait the armed timer belongs to
        bool pending = false;
        bool timed_out = false;
    };
    // Shared with the timers' handlers, which may run after the socket is gone.
    struct State {
        explicit State(Socket s) : socket(std::move(s)), read(socket.get_executor()), write(socket.get_executor()) {}
        Socket socket;
        Side read, write;
        ReadWaitHook* read_hook = nullptr;
    };
    Side& side(Direction d) { return d == Direction::Read ? state_->read : state_->write; }

    struct OnDeadline {
        std::weak_ptr<State> state;
        Direction direction;
        unsigned tick;
        void operator()(error_code ec) const {
            if (ec) return;  // cancelled: the wait ended first
            auto s = state.lock();
            if (!s) return;
            Side& side = direction == Direction::Read ? s->read : s->write;
            if (side.tick != tick) return;  // a wait that has ended already
            side.timed_out = true;
            error_code ignored;
            s->socket.close(ignored);
        }
    };

    struct WaitOp {
        std::shared_ptr<State> state;
        Socket::wait_type what;
        Direction direction;
        bool started = false;
        bool armed = false;

        template <class Self>
        void operator()(Self& self, error_code ec = {}) {
            Side& s = direction == Direction::Read ? state->read : state->write;
            if (!started) {
                started = true;
                s.timed_out = false;
                if (s.deadline != Clock::time_point::max()) {
                    s.timer.expires_at(s.deadline);
                    s.timer.async_wait(OnDeadline{state, direction, ++s.tick});
                    armed = true;
                }
                if (direction == Direction::Read && state->read_hook)
                    std::exchange(state->read_hook, nullptr)->read_waits();
                return state->socket.async_wait(what, std::move(self));
            }
            if (armed) {
                ++s.tick;
                s.timer.cancel();
            }
            if (s.timed_out) {
                s.timed_out = false;
                ec = beast::error::timeout;
            }
            self.complete(ec);
        }
    };

    // Waits first, then reads: lingering reads need no speculative read.
    template <class Buffers>
    struct ReadOp {
        TimedSocket& socket;
        Buffers buffers;
        bool waiting = false;

        template <class Self>
        void operator()(Self& self, error_code ec = {}) {
            std::size_t n = 0;
            if (waiting && !ec) n = socket.socket().read_some(buffers, ec);
            if (!waiting || ec == net::error::would_block) {
                waiting = true;
                socket.set_pending(Direction::Read, true);
                return socket.async_wait(Socket::wait_read, Direction::Read, std::move(self));
            }
            socket.set_pending(Direction::Read, false);
            self.complete(ec, n);
        }
    };

    std::shared_ptr<State> state_;
};

}  // namespace proxy
