#include "proxy/worker.hpp"

#include "proxy/idle_connections.hpp"
#include "proxy/net.hpp"
#include "proxy/request_store.hpp"
#include "proxy/runtime.hpp"
#include "proxy/session.hpp"
#include "proxy/upstream_pool.hpp"

namespace proxy {

struct Worker::Impl {
    SharedState& shared;
    std::shared_ptr<const Runtime> runtime;
    std::size_t index;
    RequestStore requests;  // before io: sessions the io_context destroys give their request back
    // One thread runs it, and only that thread starts or completes I/O on its sockets (the others post,
    // or stop it), so the reactor's per-socket lock is left out; the scheduler's stays.
    net::io_context io{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO};
    std::vector<std::unique_ptr<Acceptor>> acceptors;
    std::vector<std::size_t> endpoints;
    std::atomic<std::size_t> active{0};
    std::atomic<bool> finished{false};
    UpstreamPools pools;
    IdleConnections idle;
    std::thread thread;

    Impl(SharedState& s, std::shared_ptr<const Runtime> r, std::size_t i) : shared(s), runtime(std::move(r)), index(i) {}

    net::awaitable<void> pause() {
        net::steady_timer timer(io, std::chrono::milliseconds(100));
        co_await timer.async_wait(use_nothrow);
    }

    // As nginx's "N worker_connections are not enough": logged once each time the process runs out.
    void connections_exhausted(std::int64_t limit) {
        if (shared.connections_exhausted.exchange(true)) return;
        runtime->main_error_log().write(confparse::LogLevel::Alert, 0,
                                        std::to_string(limit) + " worker_connections are not enough");
    }

    net::awaitable<void> accept_loop(Acceptor& acceptor, std::size_t endpoint) {
        const std::int64_t limit = runtime->config().main.worker_connections;
        for (;;) {
            // At the limit the next clients wait in the listen queue until a connection of this
            // process closes (checked every pause).
            if (shared.connections.load() >= limit) {
                connections_exhausted(limit);
                co_await pause();
                if (!acceptor.is_open()) co_return;
                continue;
            }
            auto [ec, socket] = co_await acceptor.async_accept(use_nothrow);
            // A connection accepted just before stop_accepting() is served all the same: dropping it
            // would fail a request during a reload.
            if (ec == net::error::operation_aborted || ec == net::error::bad_descriptor) co_return;
            if (ec) {
                if (!acceptor.is_open()) co_return;
                // e.g. EMFILE: as nginx, pause accepting briefly instead of spinning on the error
                co_await pause();
                continue;
            }
            if (++shared.connections > limit) {
                // another thread took the last slot meanwhile: as nginx, the connection is closed
                --shared.connections;
                connections_exhausted(limit);
                continue;
            }
            shared.connections_exhausted = false;
            ++shared.counters.accepted;
            ++shared.counters.handled;  // as nginx: every accepted connection is handled (none dropped)
            ListenerCounters& listener = runtime->listener_counters().at(index, endpoint);
            listener.connections.add();
            SessionEnv env{runtime, &runtime->router().endpoints()[endpoint], &shared.counters, &pools, &idle, &requests,
                           index, &listener};
            ++active;
            net::co_spawn(io, run_session(std::move(socket), std::move(env)), [this](std::exception_ptr) {
                --active;
                --shared.connections;
            });
        }
    }
};

Worker::Worker(SharedState& shared, std::shared_ptr<const Runtime> runtime, std::vector<Listener> listeners,
               std::size_t index)
    : impl_(std::make_unique<Impl>(shared, std::move(runtime), index)) {
    for (const Listener& l : listeners) {
        auto acceptor = std::make_unique<Acceptor>(impl_->io);
        sockaddr_storage ss{};
        socklen_t len = sizeof ss;
        ::getsockname(l.fd, reinterpret_cast<sockaddr*>(&ss), &len);
        // A unix socket is taken as TCP too: accepting, reading and writing do not depend on the family,
        // and the session asks a unix connection for no address (run_session).
        acceptor->assign(ss.ss_family == AF_INET6 ? tcp::v6() : tcp::v4(), l.fd);
        impl_->acceptors.push_back(std::move(acceptor));
        impl_->endpoints.push_back(l.endpoint);
    }
}

Worker::~Worker() { join(); }

void Worker::start() {
    for (std::size_t i = 0; i < impl_->acceptors.size(); ++i) {
        net::co_spawn(impl_->io, impl_->accept_loop(*impl_->acceptors[i], impl_->endpoints[i]), net::detached);
    }
    impl_->thread = std::thread([this] {
        impl_->io.run();
        impl_->finished = true;
    });
}

void Worker::stop_accepting() {
    net::post(impl_->io, [this] {
        for (auto& a : impl_->acceptors) {
            error_code ec;
            a->close(ec);
        }
        impl_->idle.close_all();
        impl_->pools = UpstreamPools{};
    });
}

void Worker::stop() { impl_->io.stop(); }

void Worker::join() {
    if (impl_->thread.joinable()) impl_->thread.join();
}

std::size_t Worker::active() const { return impl_->active.load(); }

bool Worker::finished() const { return impl_->finished.load(); }

}  // namespace proxy
