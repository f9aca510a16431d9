#pragma once
// A worker thread: one io_context, its own listening socket per endpoint (SO_REUSEPORT), and the
// connections it accepts, which never change thread.
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace proxy {

class Runtime;
struct Endpoint;

// What all workers share, across reloads: nginx's connection counter.
struct SharedState {
    std::atomic<std::uint64_t> connection_ids{0};
};

class Worker {
public:
    struct Listener {
        int fd;
        std::size_t endpoint;  // index into the runtime router's endpoints
    };
    // A worker serves one configuration generation; a reload starts new workers.
    Worker(SharedState& shared, std::shared_ptr<const Runtime> runtime, std::vector<Listener> listeners);
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

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace proxy
