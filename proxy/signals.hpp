#pragma once
// The signals nproxy's processes act on, taken synchronously (sigwaitinfo) by one thread per process,
// and the notice nginx logs when one arrives.
#include <signal.h>

#include <chrono>
#include <optional>
#include <string>

namespace proxy {

// SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH, SIGCHLD and SIGPIPE, blocked in the calling
// thread (threads started afterwards inherit the mask, so they never see them).
sigset_t block_process_signals();

// The next of `signals`; after `timeout` (when given) nullopt.
std::optional<siginfo_t> wait_signal(const sigset_t& signals, std::optional<std::chrono::milliseconds> timeout);

// nginx's "signal 1 (SIGHUP) received from 1234, reconfiguring" (`action` with its leading ", ").
std::string signal_notice(const siginfo_t& info, const std::string& action);

}  // namespace proxy
