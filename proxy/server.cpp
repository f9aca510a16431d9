#include "proxy/server.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
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

// As nginx: a busy address is tried five times, half a second apart, before giving up.
bool open_listeners(const Runtime& runtime, std::size_t workers, std::vector<std::vector<Worker::Listener>>& out) {
    const auto& endpoints = runtime.router().endpoints();
    out.assign(workers, {});
    for (std::size_t e = 0; e < endpoints.size(); ++e) {
        for (std::size_t w = 0; w < workers; ++w) {
            std::string error;
            int fd = -1;
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
                return false;
            }
            out[w].push_back({fd, e});
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

}  // namespace

int run_server(const CommandLine& cl) {
    std::shared_ptr<const Runtime> runtime;
    try {
        LoadedConfig loaded = load_config(cl);
        runtime = std::make_shared<const Runtime>(std::move(loaded.config));
    } catch (const confparse::ConfigError& e) {
        print_level("emerg", e.text());
        return 1;
    }
    const confparse::Main& main = runtime->config().main;
    std::size_t worker_count = static_cast<std::size_t>(std::max<std::int64_t>(1, main.worker_processes));

    std::vector<std::vector<Worker::Listener>> listeners;
    if (!open_listeners(*runtime, worker_count, listeners)) return 1;
    if (main.daemon) daemonize();

    // Signals are taken by this thread alone, with sigwait; the workers never see them.
    sigset_t signals;
    sigemptyset(&signals);
    for (int s : {SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH, SIGPIPE}) sigaddset(&signals, s);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    if (!write_pid_file(main.pid)) return 1;

    SharedState shared;
    shared.runtime.store(runtime);
    std::vector<std::unique_ptr<Worker>> workers;
    for (auto& l : listeners) workers.push_back(std::make_unique<Worker>(shared, std::move(l)));
    for (auto& w : workers) w->start();

    for (;;) {
        int sig = 0;
        sigwait(&signals, &sig);
        if (sig == SIGTERM || sig == SIGINT) {
            runtime->main_error_log().write(LogLevel::Notice, 0, "signal " + std::to_string(sig) + " received, exiting");
            for (auto& w : workers) w->stop();
            break;
        }
        if (sig == SIGQUIT) {
            runtime->main_error_log().write(LogLevel::Notice, 0, "gracefully shutting down");
            for (auto& w : workers) w->stop_accepting();
            break;
        }
        // SIGHUP (reload) and SIGUSR1 (reopen) come with the operations work; SIGPIPE is ignored.
    }
    for (auto& w : workers) w->join();
    ::unlink(main.pid.c_str());
    runtime->main_error_log().write(LogLevel::Notice, 0, "exit");
    return 0;
}

}  // namespace proxy
