#pragma once
// The master process of `master_process on`, as nginx's: it owns the configuration and the listening
// sockets, runs one worker process (forked; it runs the worker threads) and starts it again when it
// dies, and turns signals into reloads, log reopening and stops. It never starts a thread, so every
// fork copies a whole program.
#include <signal.h>

#include <memory>
#include <optional>

#include "proxy/command_line.hpp"
#include "proxy/listeners.hpp"
#include "proxy/privileges.hpp"

namespace proxy {

class Runtime;

// Runs until SIGQUIT (graceful) or SIGTERM/SIGINT (fast) and the worker's exit; removes the pid file.
// `signals` are blocked already. Returns the exit status.
int run_master(const CommandLine& cl, std::shared_ptr<const Runtime> runtime, std::optional<Credentials> user,
               Listeners listeners, const sigset_t& signals);

}  // namespace proxy
