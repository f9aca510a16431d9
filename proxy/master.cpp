#include "proxy/master.hpp"

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <new>
#include <thread>
#include <vector>

#include "confparse/files.hpp"
#include "proxy/daemon.hpp"
#include "proxy/load_config.hpp"
#include "proxy/runtime.hpp"
#include "proxy/signals.hpp"
#include "proxy/temp_paths.hpp"
#include "proxy/worker_process.hpp"

namespace proxy {
namespace {

using confparse::LogLevel;
using Clock = std::chrono::steady_clock;

// nginx's connection counters in memory the master's children share: numbers go on across reloads and
// worker restarts.
class SharedCounters {
public:
    SharedCounters() {
        static_assert(std::atomic<std::uint64_t>::is_always_lock_free);
        void* p = ::mmap(nullptr, sizeof(ConnectionCounters), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (p != MAP_FAILED) {
            mapped_ = p;
            counters_ = new (p) ConnectionCounters();
        }
    }
    ~SharedCounters() {
        if (mapped_) ::munmap(mapped_, sizeof(ConnectionCounters));
    }
    SharedCounters(const SharedCounters&) = delete;
    SharedCounters& operator=(const SharedCounters&) = delete;
    // Without the mapping each worker counts on its own.
    ConnectionCounters& get() { return *counters_; }

private:
    void* mapped_ = nullptr;
    ConnectionCounters fallback_;
    ConnectionCounters* counters_ = &fallback_;
};

class Master {
public:
    Master(const CommandLine& cl, std::shared_ptr<const Runtime> runtime, std::optional<Credentials> user,
           Listeners listeners, const sigset_t& signals)
        : cl_(cl),
          runtime_(std::move(runtime)),
          user_(std::move(user)),
          listeners_(std::move(listeners)),
          signals_(signals) {}

    int run() {
        log(LogLevel::Notice, "start worker processes");
        spawn();
        for (;;) {
            auto info =
                wait_signal(signals_, terminating_ ? std::optional(std::chrono::milliseconds(50)) : std::nullopt);
            if (info) take(*info);
            if ((quitting_ || terminating_) && children_.empty()) break;
            // as nginx: workers that do not end within a second of SIGTERM are killed
            if (terminating_ && !killed_ && Clock::now() - terminate_started_ > std::chrono::seconds(1)) {
                killed_ = true;
                signal_children(SIGKILL);
            }
        }
        close_listeners(listeners_.by_endpoint);
        remove_unix_sockets(listeners_.by_endpoint);
        ::unlink(runtime_->config().main.pid.c_str());
        log(LogLevel::Notice, "exit");
        return 0;
    }

private:
    struct Child {
        pid_t pid;
        bool exiting = false;  // told to stop: not started again when it exits
    };

    void take(const siginfo_t& info) {
        switch (info.si_signo) {
            case SIGCHLD:
                log(LogLevel::Notice, signal_notice(info, ""));
                reap();
                return;
            case SIGTERM:
            case SIGINT:
                log(LogLevel::Notice, signal_notice(info, ", exiting"));
                if (terminating_) return;
                terminating_ = true;
                terminate_started_ = Clock::now();
                signal_children(SIGTERM);
                return;
            case SIGQUIT:
                log(LogLevel::Notice, signal_notice(info, ", shutting down"));
                if (quitting_ || terminating_) return;
                quitting_ = true;
                signal_children(SIGQUIT);
                // as nginx: new connections are refused while the worker drains
                close_listeners(listeners_.by_endpoint);
                remove_unix_sockets(listeners_.by_endpoint);
                listeners_ = Listeners{};
                return;
            case SIGHUP:
                log(LogLevel::Notice, signal_notice(info, ", reconfiguring"));
                if (!quitting_ && !terminating_) reload();
                return;
            case SIGUSR1:
                log(LogLevel::Notice, signal_notice(info, ", reopening logs"));
                reopen();
                return;
            case SIGUSR2:
            case SIGWINCH:
                log(LogLevel::Notice, signal_notice(info, ", ignoring"));
                return;
            default:
                return;
        }
    }

    void spawn() {
        pid_t pid = ::fork();
        if (pid < 0) {
            log(LogLevel::Alert,
                "fork() failed while spawning \"worker process\" (" + confparse::errno_text(errno) + ")");
            return;
        }
        if (pid == 0) {
            int code = 2;
            try {
                code = run_worker_process({runtime_, &listeners_, user_, &counters_.get(), signals_});
            } catch (const std::exception& e) {
                log(LogLevel::Alert, e.what());
            }
            ::_exit(code);
        }
        log(LogLevel::Notice, "start worker process " + std::to_string(pid));
        children_.push_back({pid});
    }

    // SIGCHLD: logs each exited worker as nginx does and starts the current one again unless it was told
    // to stop or cannot start (exit code 2).
    void reap() {
        for (;;) {
            int status = 0;
            pid_t pid = ::waitpid(-1, &status, WNOHANG);
            if (pid <= 0) return;
            auto child =
                std::find_if(children_.begin(), children_.end(), [pid](const Child& c) { return c.pid == pid; });
            const std::string name = std::string(child != children_.end() ? "worker process" : "unknown process") +
                                     " " + std::to_string(pid);
            bool respawn = child != children_.end() && !child->exiting;
            if (WIFSIGNALED(status)) {
                log(LogLevel::Alert, name + " exited on signal " + std::to_string(WTERMSIG(status)) +
                                         (WCOREDUMP(status) ? " (core dumped)" : ""));
            } else {
                log(LogLevel::Notice, name + " exited with code " + std::to_string(WEXITSTATUS(status)));
                if (WEXITSTATUS(status) == 2 && respawn) {
                    log(LogLevel::Alert, name + " exited with fatal code 2 and cannot be respawned");
                    respawn = false;
                }
            }
            if (child != children_.end()) children_.erase(child);
            if (respawn && !quitting_ && !terminating_) spawn();
        }
    }

    // SIGHUP: a configuration that loads gets a new worker, and the old one drains; one that does not is
    // logged and the old worker goes on.
    void reload() {
        log(LogLevel::Notice, "reconfiguring");
        std::shared_ptr<const Runtime> next;
        std::optional<Credentials> user;
        try {
            next = std::make_shared<const Runtime>(load_config(cl_).config);
            user = worker_credentials(next->config().main);
        } catch (const confparse::ConfigError& e) {
            log(LogLevel::Emerg, e.text());
            return;
        } catch (const std::exception& e) {
            log(LogLevel::Emerg, e.what());
            return;
        }
        std::optional<uid_t> worker_uid = user ? std::optional<uid_t>(user->uid) : std::nullopt;
        if (std::string error = create_temp_paths(next->config(), worker_uid); !error.empty()) {
            log(LogLevel::Emerg, error);
            return;
        }
        Listeners listeners;
        if (!open_listeners(*next, listeners_.by_endpoint, listeners)) return;
        // The sockets that stay live on in their duplicates; closing the old ones before the fork keeps
        // the new worker from holding endpoints the new configuration dropped.
        close_listeners(listeners_.by_endpoint);
        remove_unix_sockets(listeners_.by_endpoint, listeners.by_endpoint);
        listeners_ = std::move(listeners);
        const std::string old_pid = runtime_->config().main.pid;
        runtime_ = std::move(next);
        user_ = std::move(user);
        if (runtime_->config().main.pid != old_pid && write_pid_file(runtime_->config().main.pid)) {
            ::unlink(old_pid.c_str());
        }
        std::vector<pid_t> old;
        for (Child& c : children_) {
            if (!c.exiting) old.push_back(c.pid);
        }
        log(LogLevel::Notice, "start worker processes");
        spawn();
        // as nginx: the new worker gets a moment to start before the old one stops accepting
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        for (pid_t pid : old) signal_child(pid, SIGQUIT);
    }

    // SIGUSR1: the master reopens the log files first (so they exist, owned by the worker's user), then
    // the workers reopen theirs.
    void reopen() {
        log(LogLevel::Notice, "reopening logs");
        runtime_->reopen_logs();
        if (user_ && user_->uid != 0) hand_log_files_to(runtime_->config(), user_->uid, runtime_->main_error_log());
        signal_children(SIGUSR1);
    }

    void signal_children(int sig) {
        std::vector<pid_t> pids;
        for (const Child& c : children_) pids.push_back(c.pid);
        for (pid_t pid : pids) signal_child(pid, sig);
    }

    void signal_child(pid_t pid, int sig) {
        if (sig == SIGQUIT || sig == SIGTERM || sig == SIGKILL) {
            for (Child& c : children_) {
                if (c.pid == pid) c.exiting = true;
            }
        }
        if (::kill(pid, sig) != 0) {
            log(LogLevel::Alert, "kill(" + std::to_string(pid) + ", " + std::to_string(sig) + ") failed (" +
                                     confparse::errno_text(errno) + ")");
        }
    }

    void log(LogLevel level, const std::string& message) const { runtime_->main_error_log().write(level, 0, message); }

    const CommandLine& cl_;
    std::shared_ptr<const Runtime> runtime_;
    std::optional<Credentials> user_;
    Listeners listeners_;
    sigset_t signals_;
    SharedCounters counters_;
    std::vector<Child> children_;
    bool quitting_ = false;
    bool terminating_ = false;
    bool killed_ = false;
    Clock::time_point terminate_started_;
};

}  // namespace

int run_master(const CommandLine& cl, std::shared_ptr<const Runtime> runtime, std::optional<Credentials> user,
               Listeners listeners, const sigset_t& signals) {
    return Master(cl, std::move(runtime), std::move(user), std::move(listeners), signals).run();
}

}  // namespace proxy
