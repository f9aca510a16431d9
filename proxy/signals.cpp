#include "proxy/signals.hpp"

#include <string.h>

#include <cerrno>

namespace proxy {

sigset_t block_process_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    for (int s : {SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH, SIGCHLD, SIGPIPE})
        sigaddset(&signals, s);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    return signals;
}

std::optional<siginfo_t> wait_signal(const sigset_t& signals, std::optional<std::chrono::milliseconds> timeout) {
    siginfo_t info{};
    for (;;) {
        int sig;
        if (timeout) {
            timespec ts{static_cast<time_t>(timeout->count() / 1000),
                        static_cast<long>(timeout->count() % 1000) * 1000000};
            sig = sigtimedwait(&signals, &info, &ts);
        } else {
            sig = sigwaitinfo(&signals, &info);
        }
        if (sig > 0) return info;
        if (errno != EINTR) return std::nullopt;
    }
}

std::string signal_notice(const siginfo_t& info, const std::string& action) {
    const char* name = sigabbrev_np(info.si_signo);
    std::string text = "signal " + std::to_string(info.si_signo) + " (SIG" + (name ? name : "?") + ") received";
    if (info.si_pid) text += " from " + std::to_string(info.si_pid);
    return text + action;
}

}  // namespace proxy
