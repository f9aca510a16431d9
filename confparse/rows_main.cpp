// The top level and events block: process settings.
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "confparse/setters.hpp"

namespace confparse {

LogLevel read_log_level(const Directive& d, const std::string& v);
std::vector<ErrorLog> read_error_log(BuildState& b, const Directive& d);

namespace {

// nginx's load_module opens the module with dlopen(); nproxy cannot run nginx's modules, so it only checks
// that the file can be opened (with dlopen's message when not) and says that the module is not loaded.
// Debian's nginx.conf loads every installed module this way, whether its directives are used or not.
void read_load_module(BuildState& b, const Directive& d) {
    if (b.events || b.config.http) fail_directive(d, "is specified too late");  // nginx's modules_used
    std::string path = b.prefix_path(d.args[0]);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fail(d, "dlopen() \"" + path + "\" failed (" + path + ": cannot open shared object file: " +
                    std::strerror(errno) + ")");
    }
    ::close(fd);
    b.warn(d, "nginx module \"" + path + "\" is not loaded by nproxy; its directives will be refused");
}

// thread_pool NAME threads=N [max_queue=N]: checked as nginx checks it (other words are ignored);
// nproxy's file reads need no pool.
void read_thread_pool(BuildState& b, const Directive& d) {
    if (!b.thread_pools.insert(d.args[0]).second) fail(d, "duplicate thread pool \"" + d.args[0] + "\"");
    bool threads = false;
    for (size_t i = 1; i < d.args.size(); ++i) {
        const std::string& v = d.args[i];
        if (v.rfind("threads=", 0) == 0) {
            auto n = parse_number(std::string_view(v).substr(8));
            if (!n || *n == 0) fail(d, "invalid threads value \"" + v + "\"");
            threads = true;
        } else if (v.rfind("max_queue=", 0) == 0 && !parse_number(std::string_view(v).substr(10))) {
            fail(d, "invalid max_queue value \"" + v + "\"");
        }
    }
    if (!threads) fail(d, "\"thread_pool\" must have \"threads\" parameter");
}

}  // namespace

void add_main_rows(std::vector<Row>& rows) {
    rows.push_back({"worker_processes", kMain, kTake1, [](BuildState& b, const Directive& d) {
        std::int64_t n;
        if (d.args[0] == "auto") {
            n = std::max(1u, std::thread::hardware_concurrency());
        } else {
            auto v = parse_number(d.args[0]);
            if (!v) fail_directive(d, "invalid value");
            n = *v;
        }
        b.set_once(d, b.config.main.worker_processes, n);
    }});
    rows.push_back({"daemon", kMain, kFlag, [](BuildState& b, const Directive& d) {
        b.set_once(d, b.config.main.daemon, read_flag(d));
    }});
    rows.push_back({"master_process", kMain, kFlag, [](BuildState& b, const Directive& d) {
        b.set_once(d, b.config.main.master_process, read_flag(d));
    }});
    rows.push_back({"pid", kMain, kTake1, [](BuildState& b, const Directive& d) {
        b.set_once(d, b.config.main.pid, b.prefix_path(d.args[0]));
    }});
    rows.push_back({"user", kMain, kTake12, [](BuildState& b, const Directive& d) {
        // as nginx: without root the directive is ignored (a warning), so a second one is no duplicate
        if (geteuid() != 0) return;
        b.set_once(d, b.config.main.user, d.args[0]);
        std::string group = d.args.size() > 1 ? d.args[1] : d.args[0];
        errno = 0;
        if (!getpwnam(d.args[0].c_str())) fail_errno(d, "getpwnam(\"" + d.args[0] + "\") failed", errno);
        errno = 0;
        if (!getgrnam(group.c_str())) fail_errno(d, "getgrnam(\"" + group + "\") failed", errno);
        b.config.main.group = d.args.size() > 1 ? d.args[1] : "";
    }});
    rows.push_back({"worker_rlimit_nofile", kMain, kTake1, [](BuildState& b, const Directive& d) {
        b.set_once(d, b.config.main.worker_rlimit_nofile, read_number(d));
    }});
    rows.push_back({"worker_rlimit_core", kMain, kTake1, [](BuildState& b, const Directive& d) {
        auto v = parse_offset(d.args[0]);
        if (!v) fail_directive(d, "invalid value");
        b.set_once(d, b.config.main.worker_rlimit_core, *v);
    }});
    rows.push_back({"load_module", kMain, kTake1, read_load_module});
    rows.push_back({"thread_pool", kMain, kTake23, read_thread_pool});
    rows.push_back({"worker_shutdown_timeout", kMain, kTake1, [](BuildState& b, const Directive& d) {
        b.set_once(d, b.config.main.worker_shutdown_timeout, read_msec(d));
    }});
    rows.push_back({"error_log", kMain, k1More, [](BuildState& b, const Directive& d) {
        for (auto& log : read_error_log(b, d)) b.config.main.error_log.push_back(std::move(log));
    }});
    rows.push_back(accepted("worker_priority", kMain, kTake1));
    rows.push_back(accepted("worker_cpu_affinity", kMain, k1More));
    rows.push_back(accepted("pcre_jit", kMain, kFlag, [](const Directive& d) { read_flag(d); }));
    rows.push_back(accepted("timer_resolution", kMain, kTake1, [](const Directive& d) { read_msec(d); }));
    rows.push_back(accepted("working_directory", kMain, kTake1));
    rows.push_back(accepted("lock_file", kMain, kTake1));
    rows.push_back(accepted("env", kMain, kTake1));

    Row events{"events", kMain, kBlock | kNoArgs};
    events.set = [](BuildState& b, const Directive& d) {
        if (b.events) fail_directive(d, "is duplicate");
        b.events = true;
        b.frames.push_back(Frame{kEvents});
    };
    rows.push_back(events);
    rows.push_back({"worker_connections", kEvents, kTake1, [](BuildState& b, const Directive& d) {
        auto n = parse_number(d.args[0]);
        if (!n) fail(d, "invalid number \"" + d.args[0] + "\"");
        b.set_once(d, b.config.main.worker_connections, *n);
    }});
    rows.push_back(accepted("multi_accept", kEvents, kFlag, [](const Directive& d) { read_flag(d); }));
    rows.push_back(accepted("accept_mutex", kEvents, kFlag, [](const Directive& d) { read_flag(d); }));
    rows.push_back(accepted("accept_mutex_delay", kEvents, kTake1, [](const Directive& d) { read_msec(d); }));
    rows.push_back(accepted("worker_aio_requests", kEvents, kTake1, [](const Directive& d) { read_number(d); }));
    rows.push_back(accepted("use", kEvents, kTake1, [](const Directive& d) {
        if (d.args[0] != "epoll") fail(d, "invalid event type \"" + d.args[0] + "\"");
    }));
}

}  // namespace confparse
