#include "proxy/config_test.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

#include "confparse/files.hpp"
#include "proxy/load_config.hpp"
#include "proxy/messages.hpp"
#include "proxy/rewrite.hpp"
#include "proxy/router.hpp"

namespace proxy {
namespace {

// As nginx at start: every log file the configuration names is opened (created if missing).
void open_log_files(const confparse::Config& config) {
    auto try_open = [](const std::string& path) {
        if (path == "stderr" || path.find('$') != std::string::npos || path.rfind("syslog:", 0) == 0) return;
        int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) throw confparse::ConfigError("open() \"" + path + "\" failed (" + confparse::errno_text(errno) + ")");
        ::close(fd);
    };
    for (const auto& log : config.main.error_log) try_open(log.path);
    if (!config.http) return;
    auto scope_logs = [&](const confparse::HttpScope& s) {
        for (const auto& log : *s.error_log) try_open(log.path);
        for (const auto& log : *s.access_log) {
            if (!log.off) try_open(log.path);
        }
    };
    scope_logs(config.http->scope);
    for (const auto& server : config.http->servers) scope_logs(server.scope);
}

}  // namespace

int run_config_test(const CommandLine& cl) {
    std::string conf_file = conf_file_path(cl);
    // As nginx: "syntax is ok" comes once the text is read and checked; what nginx checks after that
    // (an events section, the log files) can still fail the test.
    auto syntax_ok = [&] {
        if (!cl.quiet) print_stderr("the configuration file " + conf_file + " syntax is ok");
    };
    bool said_syntax_ok = false;
    try {
        LoadedConfig loaded = load_config(cl);
        // as nginx, regexes (locations, server names, rewrite and if) are compiled while the configuration is read
        if (loaded.config.http) {
            Router compiled(*loaded.config.http);
            Rewriter rewrites(*loaded.config.http);
        }
        syntax_ok();
        said_syntax_ok = true;
        open_log_files(loaded.config);
        if (!cl.quiet) print_stderr("configuration file " + conf_file + " test is successful");
        if (cl.dump) {
            for (const auto& f : loaded.files) {
                std::printf("# configuration file %s:\n%s\n", f.path.c_str(), f.text.c_str());
            }
        }
        return 0;
    } catch (const confparse::ConfigError& e) {
        if (e.after_syntax_ok() && !said_syntax_ok) syntax_ok();
        print_level(e.level().c_str(), e.text());
        if (!e.hint().empty()) print_level("notice", e.hint());
        print_stderr("configuration file " + conf_file + " test failed");
        return 1;
    }
}

}  // namespace proxy
