#include "proxy/worker_process.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <vector>

#include "confparse/files.hpp"
#include "proxy/runtime.hpp"
#include "proxy/signals.hpp"
#include "proxy/worker.hpp"

namespace proxy {
namespace {

using confparse::LogLevel;
using Clock = std::chrono::steady_clock;

class WorkerProcess {
public:
    explicit WorkerProcess(const WorkerProcessSetup& setup)
        : setup_(setup), log_(setup.runtime->main_error_log()), shared_(*setup.counters) {}

    int run() {
        const confparse::Main& main = setup_.runtime->config().main;
        if (main.worker_rlimit_nofile > 0) set_limit(RLIMIT_NOFILE, "RLIMIT_NOFILE", main.worker_rlimit_nofile);
        if (main.worker_rlimit_core) set_limit(RLIMIT_CORE, "RLIMIT_CORE", *main.worker_rlimit_core);
        if (setup_.user && !drop_privileges(*setup_.user, log_)) return 2;
        for (std::size_t i = 0; i < setup_.listeners->per_thread.size(); ++i) {
            workers_.push_back(std::make_unique<Worker>(shared_, setup_.runtime, setup_.listeners->per_thread[i], i));
        }
        for (auto& w : workers_) w->start();
        serve();
        log_.write(LogLevel::Notice, 0, "exiting");
        for (auto& w : workers_) {
            if (!graceful_) w->stop();
            w->join();
        }
        setup_.runtime->flush_logs();  // this process ends without destructors
        log_.write(LogLevel::Notice, 0, "exit");
        return 0;
    }

private:
    // worker_rlimit_*: both the soft and the hard limit, as nginx sets them; a refusal is logged, not fatal.
    void set_limit(int resource, const char* name, std::int64_t value) {
        rlimit limit{static_cast<rlim_t>(value), static_cast<rlim_t>(value)};
        if (::setrlimit(resource, &limit) != 0) {
            log_.write(LogLevel::Alert, 0,
                       std::string("setrlimit(") + name + ", " + std::to_string(value) + ") failed (" +
                           confparse::errno_text(errno) + ")");
        }
    }

    // Takes signals until the process is to exit: at once (SIGTERM), or after a graceful stop (SIGQUIT)
    // has let the last connection finish or worker_shutdown_timeout has passed.
    void serve() {
        const confparse::Msec shutdown_timeout = setup_.runtime->config().main.worker_shutdown_timeout;
        for (;;) {
            auto info = wait_signal(setup_.signals,
                                    shutting_down_ ? std::optional(std::chrono::milliseconds(50)) : std::nullopt);
            if (info && !take(*info)) return;
            if (!shutting_down_) continue;
            bool done = true;
            for (const auto& w : workers_) done = done && w->finished();
            if (done) return;
            if (shutdown_timeout > 0 &&
                Clock::now() - shutdown_started_ >= std::chrono::milliseconds(shutdown_timeout)) {
                graceful_ = false;
                return;
            }
        }
    }

    // One signal; false when the process is to exit at once. The master's own signals are not logged:
    // nginx's master passes them over a channel.
    bool take(const siginfo_t& info) {
        const bool from_master = info.si_pid == ::getppid();
        auto notice = [&](const char* action) {
            if (!from_master) log_.write(LogLevel::Notice, 0, signal_notice(info, action));
        };
        switch (info.si_signo) {
            case SIGTERM:
            case SIGINT:
                notice(", exiting");
                graceful_ = false;
                return false;
            case SIGQUIT:
                notice(", shutting down");
                if (shutting_down_) return true;
                log_.write(LogLevel::Notice, 0, "gracefully shutting down");
                shutting_down_ = true;
                shutdown_started_ = Clock::now();
                for (auto& w : workers_) w->stop_accepting();
                return true;
            case SIGUSR1:
                notice(", reopening logs");
                log_.write(LogLevel::Notice, 0, "reopening logs");
                setup_.runtime->reopen_logs();
                return true;
            case SIGHUP:
            case SIGUSR2:
            case SIGWINCH:
                notice(", ignoring");
                return true;
            default:
                return true;
        }
    }

    const WorkerProcessSetup& setup_;
    const ErrorLog& log_;
    SharedState shared_;
    std::vector<std::unique_ptr<Worker>> workers_;
    bool shutting_down_ = false;
    bool graceful_ = true;
    Clock::time_point shutdown_started_;
};

}  // namespace

int run_worker_process(const WorkerProcessSetup& setup) {
    // Beyond nginx: a worker whose master is gone stops, instead of serving on unsupervised.
    const pid_t master = ::getppid();
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != master) return 0;
    ::prctl(PR_SET_NAME, "nproxy: worker");
    return WorkerProcess(setup).run();
}

}  // namespace proxy
