#pragma once
// A main request's background subrequests (its mirrors) that are still running. As nginx's r->main->count,
// they hold the request: its access log line and its connection's next request wait until the last ends,
// while its own answer goes out without waiting for them. Touched only on the worker's own thread.
#include <memory>

#include "proxy/net.hpp"

namespace proxy {

class BackgroundRequests {
public:
    explicit BackgroundRequests(const Executor& executor) : done_(executor, net::steady_timer::time_point::max()) {}

    void started() { ++running_; }
    void finished() {
        if (--running_ == 0) done_.cancel();
    }

    // Returns once none is running.
    net::awaitable<void> wait() {
        while (running_ > 0) co_await done_.async_wait(use_nothrow);
    }

    // Held by each background subrequest for as long as it runs (its coroutine frame included).
    class Hold {
    public:
        explicit Hold(std::shared_ptr<BackgroundRequests> owner) : owner_(std::move(owner)) { owner_->started(); }
        Hold(Hold&& other) noexcept = default;
        Hold& operator=(Hold&&) = delete;
        ~Hold() {
            if (owner_) owner_->finished();
        }

    private:
        std::shared_ptr<BackgroundRequests> owner_;
    };

private:
    int running_ = 0;
    net::steady_timer done_;
};

}  // namespace proxy
