#include "proxy/server.hpp"

#include <signal.h>
#include <unistd.h>

#include <memory>
#include <vector>

#include "proxy/daemon.hpp"
#include "proxy/heap_retention.hpp"
#include "proxy/listeners.hpp"
#include "proxy/load_config.hpp"
#include "proxy/master.hpp"
#include "proxy/messages.hpp"
#include "proxy/privileges.hpp"
#include "proxy/temp_paths.hpp"
#include "proxy/runtime.hpp"
#include "proxy/signals.hpp"
#include "proxy/worker.hpp"

namespace proxy {
namespace {

using confparse::LogLevel;

// `master_process off`: one process whose main thread takes the signals and whose worker threads serve;
// a reload starts new threads beside the draining old ones.
class SingleProcess {
public:
    SingleProcess(const CommandLine& cl, std::shared_ptr<const Runtime> runtime, Listeners listeners)
        : cl_(cl), runtime_(std::move(runtime)), listeners_(std::move(listeners)) {}

    int run(const sigset_t& signals) {
        start_workers();
        for (;;) {
            auto info = wait_signal(signals, std::nullopt);
            if (!info) continue;
            switch (info->si_signo) {
                case SIGTERM:
                case SIGINT:
                case SIGQUIT: {
                    const bool graceful = info->si_signo == SIGQUIT;
                    log(LogLevel::Notice, signal_notice(*info, graceful ? ", shutting down" : ", exiting"));
                    stop(graceful);
                    remove_unix_sockets(listeners_.by_endpoint);
                    ::unlink(runtime_->config().main.pid.c_str());
                    log(LogLevel::Notice, "exit");
                    return 0;
                }
                case SIGHUP:
                    log(LogLevel::Notice, signal_notice(*info, ", reconfiguring"));
                    reload();
                    break;
                case SIGUSR1:
                    log(LogLevel::Notice, signal_notice(*info, ", reopening logs"));
                    log(LogLevel::Notice, "reopening logs");
                    runtime_->reopen_logs();
                    break;
                default:
                    break;
            }
        }
    }

private:
    // A valid new configuration takes new connections, the old workers finish theirs; an invalid one is
    // logged and the old configuration keeps serving.
    void reload() {
        log(LogLevel::Notice, "reconfiguring");
        std::shared_ptr<const Runtime> next;
        try {
            next = std::make_shared<const Runtime>(load_config(cl_).config);
        } catch (const confparse::ConfigError& e) {
            log(LogLevel::Emerg, e.text());
            return;
        }
        Listeners listeners;
        if (!open_listeners(*next, listeners_.by_endpoint, listeners)) return;
        // The old workers close their own sockets; the ones kept live on in the duplicates just made.
        for (auto& w : workers_) w->stop_accepting();
        for (auto& w : workers_) draining_.push_back(std::move(w));
        workers_.clear();
        remove_unix_sockets(listeners_.by_endpoint, listeners.by_endpoint);
        runtime_ = std::move(next);
        listeners_ = std::move(listeners);
        start_workers();
    }

    void stop(bool graceful) {
        for (auto* list : {&workers_, &draining_}) {
            for (auto& w : *list) graceful ? w->stop_accepting() : w->stop();
        }
        for (auto* list : {&workers_, &draining_}) {
            for (auto& w : *list) w->join();
        }
        runtime_->flush_logs();  // older configurations flush theirs when the draining workers let them go
    }

    void start_workers() {
        for (std::size_t i = 0; i < listeners_.per_thread.size(); ++i) {
            workers_.push_back(std::make_unique<Worker>(shared_, runtime_, listeners_.per_thread[i], i));
        }
        for (auto& w : workers_) w->start();
    }

    void log(LogLevel level, const std::string& message) const { runtime_->main_error_log().write(level, 0, message); }

    const CommandLine& cl_;
    std::shared_ptr<const Runtime> runtime_;
    Listeners listeners_;
    ConnectionCounters counters_;
    SharedState shared_{counters_};
    std::vector<std::unique_ptr<Worker>> workers_;
    std::vector<std::unique_ptr<Worker>> draining_;
};

}  // namespace

int run_server(const CommandLine& cl) {
    keep_freed_heap();
    std::shared_ptr<const Runtime> runtime;
    std::optional<Credentials> user;
    try {
        runtime = std::make_shared<const Runtime>(load_config(cl).config);
        for (const auto& w : runtime->config().warnings) print_level(w.level().c_str(), w.text());
        if (runtime->config().main.master_process) user = worker_credentials(runtime->config().main);
    } catch (const confparse::ConfigError& e) {
        print_level("emerg", e.text());
        return 1;
    }
    const confparse::Main& main = runtime->config().main;
    Listeners listeners;
    if (!open_listeners(*runtime, {}, listeners)) return 1;
    std::optional<uid_t> worker_uid = user ? std::optional<uid_t>(user->uid) : std::nullopt;
    if (std::string error = create_temp_paths(runtime->config(), worker_uid); !error.empty()) {
        print_level("emerg", error);
        runtime->main_error_log().write(LogLevel::Emerg, 0, error);
        return 1;
    }
    // Forked before any thread starts (a fork keeps only the calling thread).
    if (main.daemon) daemonize();
    // Taken by this thread alone; blocked before any other starts, so the workers inherit the mask.
    const sigset_t signals = block_process_signals();
    if (!write_pid_file(main.pid)) return 1;
    if (main.master_process) return run_master(cl, std::move(runtime), std::move(user), std::move(listeners), signals);
    return SingleProcess(cl, std::move(runtime), std::move(listeners)).run(signals);
}

}  // namespace proxy
