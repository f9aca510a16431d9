#pragma once
// A worker thread: one io_context, its own listening socket per endpoint (SO_REUSEPORT), and the
// connections it accepts, which never change thread.
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "proxy/connection_counters.hpp"

namespace proxy {

class Runtime;
struct Endpoint;

// What the worker threads of one process share, across reloads.
struct SharedState {
    explicit SharedState(ConnectionCounters& c) : counters(c) {}
    ConnectionCounters& counters;
    // Client connections open in this process: worker_connections caps them.
    std::atomic<std::int64_t> connections{0};
    // The "worker_connections are not enough" alert was logged and no connection was accepted since.
    std::atomic<bool> connections_exhausted{false};
};

class Worker {
public:
    struct Listener {
        int fd;
        std::size_t endpoint;  // index into the runtime router's endpoints
    };
    // A worker serves one configuration generation; a reload starts new workers. `index` (0 to the
    // runtime's workers()) picks the worker's own copy of the counters.
    Worker(SharedState& shared, std::shared_ptr<const Runtime> runtime, std::vector<Listener> listeners,
           std::size_t index);
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    void start();
    // Stops accepting; the open connections finish their current request (graceful stop).
    void stop_accepting();
    // Stops everything at once (fast stop).
    void stop();
    void join();
    // Connections still open.
    std::size_t active() const;
    // The thread has nothing left to do (after stop_accepting, when its last connection closed).
    bool finished() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace proxy
