#include "proxy/server.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "confparse/files.hpp"
#include "proxy/listen_socket.hpp"
#include "proxy/load_config.hpp"
#include "proxy/messages.hpp"
#include "proxy/runtime.hpp"
#include "proxy/worker.hpp"

namespace proxy {
namespace {

using confparse::LogLevel;

// The listening sockets of every worker, by endpoint key ("127.0.0.1:8443"): kept across reloads.
using ListeningFds = std::map<std::string, std::vector<int>>;

// Sockets for the endpoints of `runtime`, one per worker each: duplicates of those already listening,
// new ones for new endpoints. As nginx, a busy address is tried five times, half a second apart.
bool open_listeners(const Runtime& runtime, std::size_t workers, const ListeningFds& kept,
                    std::vector<std::vector<Worker::Listener>>& out, ListeningFds& now_listening) {
    const auto& endpoints = runtime.router().endpoints();
    out.assign(workers, {});
    for (std::size_t e = 0; e < endpoints.size(); ++e) {
        auto old = kept.find(endpoints[e].key);
        for (std::size_t w = 0; w < workers; ++w) {
            std::string error;
            int fd = -1;
            if (old != kept.end()) fd = ::dup(old->second[w % old->second.size()]);
            for (int attempt = 0; attempt < 5 && fd < 0; ++attempt) {
                fd = open_listen_socket(endpoints[e], w == 0, error);
                if (fd >= 0) break;
                print_level("emerg", error);
                runtime.main_error_log().write(LogLevel::Emerg, 0, error);
                if (error.find("(98:") == std::string::npos) break;
                std::this_thread::sleep_for(std::chrono::milliseconds(500));
            }
            if (fd < 0) {
                if (error.find("(98:") != std::string::npos) print_level("emerg", "still could not bind()");
                for (auto& list : out) {
                    for (auto& l : list) ::close(l.fd);
                }
                return false;
            }
            out[w].push_back({fd, e});
            now_listening[endpoints[e].key].push_back(fd);
        }
    }
    return true;
}

bool write_pid_file(const std::string& path) {
    std::string text = std::to_string(::getpid()) + "\n";
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        print_level("emerg", "open() \"" + path + "\" failed (" + confparse::errno_text(errno) + ")");
        return false;
    }
    ssize_t rc = ::write(fd, text.data(), text.size());
    ::close(fd);
    return rc == static_cast<ssize_t>(text.size());
}

// Forks into the background as nginx's "daemon on": the parent exits, the child leaves the terminal.
void daemonize() {
    pid_t pid = ::fork();
    if (pid > 0) ::_exit(0);
    ::setsid();
    int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
        ::dup2(null, STDIN_FILENO);
        ::dup2(null, STDOUT_FILENO);
        ::close(null);
    }
}


// The running instance: the current configuration generation's workers, and the ones still draining.
class Server {
public:
    explicit Server(const CommandLine& cl) : cl_(cl) {}

    // Opens the listening sockets; false (with nginx's messages printed) when it cannot.
    bool listen(std::shared_ptr<const Runtime> runtime) {
        runtime_ = std::move(runtime);
        return open_listeners(*runtime_, worker_count(*runtime_), {}, first_listeners_, listening_);
    }

    // Starts the worker threads on the sockets listen() opened.
    void start() { start_workers(std::move(first_listeners_)); }

    // SIGHUP: a valid new configuration takes new connections, the old workers finish theirs; an invalid
    // one is logged and the old configuration keeps serving.
    void reload() {
        log(LogLevel::Notice, "signal 1 (SIGHUP) received, reconfiguring");
        std::shared_ptr<const Runtime> next;
        ListeningFds listening;
        std::vector<std::vector<Worker::Listener>> listeners;
        try {
            next = std::make_shared<const Runtime>(load_config(cl_).config);
        } catch (const confparse::ConfigError& e) {
            log(LogLevel::Emerg, e.text());
            return;
        }
        if (!open_listeners(*next, worker_count(*next), listening_, listeners, listening)) return;
        // The old workers close their own sockets; the ones kept live on in the duplicates just made.
        for (auto& w : workers_) w->stop_accepting();
        for (auto& w : workers_) draining_.push_back(std::move(w));
        workers_.clear();
        runtime_ = std::move(next);
        listening_ = std::move(listening);
        start_workers(std::move(listeners));
    }

    // SIGUSR1: log files are opened anew (after logrotate moved them).
    void reopen() {
        log(LogLevel::Notice, "signal 10 (SIGUSR1) received, reopening logs");
        runtime_->reopen_logs();
    }

    void stop(bool graceful) {
        log(LogLevel::Notice, graceful ? "signal 3 (SIGQUIT) received, shutting down" : "signal 15 (SIGTERM) received, exiting");
        for (auto& w : workers_) graceful ? w->stop_accepting() : w->stop();
        for (auto& w : draining_) graceful ? w->stop_accepting() : w->stop();
        for (auto& w : workers_) w->join();
        for (auto& w : draining_) w->join();
        log(LogLevel::Notice, "exit");
    }

    const Runtime& runtime() const { return *runtime_; }

private:
    static std::size_t worker_count(const Runtime& r) {
        return static_cast<std::size_t>(std::max<std::int64_t>(1, r.config().main.worker_processes));
    }

    void start_workers(std::vector<std::vector<Worker::Listener>> listeners) {
        for (auto& l : listeners) workers_.push_back(std::make_unique<Worker>(shared_, runtime_, std::move(l)));
        for (auto& w : workers_) w->start();
    }

    void log(LogLevel level, const std::string& message) const { runtime_->main_error_log().write(level, 0, message); }

    const CommandLine& cl_;
    SharedState shared_;
    std::shared_ptr<const Runtime> runtime_;
    ListeningFds listening_;
    std::vector<std::vector<Worker::Listener>> first_listeners_;
    std::vector<std::unique_ptr<Worker>> workers_;
    std::vector<std::unique_ptr<Worker>> draining_;
};

}  // namespace

int run_server(const CommandLine& cl) {
    std::shared_ptr<const Runtime> runtime;
    try {
        runtime = std::make_shared<const Runtime>(load_config(cl).config);
    } catch (const confparse::ConfigError& e) {
        print_level("emerg", e.text());
        return 1;
    }
    const confparse::Main main = runtime->config().main;
    Server server(cl);
    if (!server.listen(runtime)) return 1;
    // Forked before any thread starts (a fork keeps only the calling thread).
    if (main.daemon) daemonize();

    // Signals are taken by this thread alone, with sigwait; blocked before the workers start, so they
    // inherit the mask and never see them.
    sigset_t signals;
    sigemptyset(&signals);
    for (int s : {SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH, SIGPIPE}) sigaddset(&signals, s);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    server.start();
    if (!write_pid_file(main.pid)) {
        server.stop(false);
        return 1;
    }
    for (;;) {
        int sig = 0;
        sigwait(&signals, &sig);
        if (sig == SIGTERM || sig == SIGINT || sig == SIGQUIT) {
            server.stop(sig == SIGQUIT);
            break;
        }
        if (sig == SIGHUP) server.reload();
        if (sig == SIGUSR1) server.reopen();
    }
    ::unlink(main.pid.c_str());
    return 0;
}

}  // namespace proxy
