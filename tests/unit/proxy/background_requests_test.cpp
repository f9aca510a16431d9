// BackgroundRequests: what a main request waits for at its end, its mirrors still running.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <vector>

#include "proxy/background_requests.hpp"

namespace {

using namespace proxy;
using namespace std::chrono_literals;

// A background request that ends after `delay`, noting when in `ended`.
net::awaitable<void> run_for(std::chrono::milliseconds delay, BackgroundRequests::Hold hold, std::vector<int>& ended,
                             int id) {
    BackgroundRequests::Hold held = std::move(hold);
    net::steady_timer timer(co_await net::this_coro::executor, delay);
    co_await timer.async_wait(use_nothrow);
    ended.push_back(id);
}

// The main request's end: waits for its background requests, then notes 0 in `ended`.
net::awaitable<void> wait_for(std::shared_ptr<BackgroundRequests> background, std::vector<int>& ended) {
    co_await background->wait();
    ended.push_back(0);
}

}  // namespace

TEST_CASE("the wait ends when the last background request has", "[background_requests]") {
    net::io_context io;
    auto background = std::make_shared<BackgroundRequests>(io.get_executor());
    std::vector<int> ended;
    net::co_spawn(io, run_for(30ms, BackgroundRequests::Hold(background), ended, 1), net::detached);
    net::co_spawn(io, run_for(10ms, BackgroundRequests::Hold(background), ended, 2), net::detached);
    net::co_spawn(io, wait_for(background, ended), net::detached);
    io.run();
    CHECK(ended == std::vector<int>{2, 1, 0});
}

TEST_CASE("with none running the wait ends at once", "[background_requests]") {
    net::io_context io;
    auto background = std::make_shared<BackgroundRequests>(io.get_executor());
    { BackgroundRequests::Hold hold(background); }
    std::vector<int> ended;
    net::co_spawn(io, wait_for(background, ended), net::detached);
    io.run_for(1s);
    CHECK(ended == std::vector<int>{0});
}
