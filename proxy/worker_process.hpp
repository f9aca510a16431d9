#pragma once
// The worker process of `master_process on`: forked by the master, it takes the worker user's identity
// and runs the worker threads on the master's listening sockets until the master tells it to stop.
#include <signal.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

#include "proxy/connection_counters.hpp"
#include "proxy/listeners.hpp"
#include "proxy/privileges.hpp"

namespace proxy {

class Runtime;

struct WorkerProcessSetup {
    std::shared_ptr<const Runtime> runtime;
    const Listeners* listeners = nullptr;
    std::optional<Credentials> user;                       // the identity to take (none when not root)
    ConnectionCounters* counters = nullptr;                // in memory shared with the master
    sigset_t signals;                                      // blocked, taken with sigwaitinfo
};

// Runs in the forked child; returns its exit code: 0, or 2 (nginx's fatal code: the master does not
// start it again) when it cannot take the worker's identity.
int run_worker_process(const WorkerProcessSetup& setup);

}  // namespace proxy
