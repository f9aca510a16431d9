#include "proxy/config_test.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <functional>

#include "confparse/files.hpp"
#include "proxy/computed_variables.hpp"
#include "proxy/gzip_decision.hpp"
#include "proxy/load_config.hpp"
#include "proxy/messages.hpp"
#include "proxy/open_log_cache.hpp"
#include "proxy/proxy_redirect.hpp"
#include "proxy/rewrite.hpp"
#include "proxy/router.hpp"
#include "proxy/temp_paths.hpp"
#include "tls/client_context.hpp"
#include "tls/doctor.hpp"
#include "tls/probe.hpp"

namespace proxy {
namespace {

// As nginx at start: every log file the configuration names is opened (created if missing).
void open_log_files(const confparse::Config& config) {
    auto try_open = [](const std::string& path) {
        if (path == "stderr" || path.find('$') != std::string::npos || path.rfind("syslog:", 0) == 0) return;
        int fd = open_for_append(path);
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

// --probe: a TLS connection to every peer of every https proxy_pass, with the location's own context; a
// line each (notice when it worked, warn when not). Returns how many failed.
std::size_t probe_upstreams(const confparse::Config& config) {
    if (!config.http) return 0;
    // a peer that closes the connection while a probe writes to it (its TLS alert, the request) fails
    // that write, and must not end nproxy -t with SIGPIPE
    ::signal(SIGPIPE, SIG_IGN);
    std::size_t failed = 0;
    std::function<void(const std::vector<confparse::Location>&)> walk = [&](const auto& locations) {
        for (const confparse::Location& loc : locations) {
            walk(loc.locations);
            const confparse::ProxyPass& pass = loc.proxy_pass;
            if (!pass.https || pass.has_variables) continue;
            tls::ClientContext context(loc.scope);
            const std::string& configured = *loc.scope.proxy_ssl_name;
            std::string name = configured.empty() ? pass.host : configured;
            if (name.find('$') != std::string::npos) name = pass.host;
            for (const auto& peer : config.http->upstreams.at(pass.upstream).servers) {
                for (const std::string& address : peer.resolved) {
                    auto result = tls::probe_peer(context, address, name, *loc.scope.proxy_ssl_server_name, 5000);
                    failed += !result.ok;
                    print_level(result.ok ? "notice" : "warn",
                                "probe of " + address + " for \"proxy_pass " + pass.url + "\": " + result.detail +
                                    " in " + pass.where.file + ":" + std::to_string(pass.where.line));
                }
            }
        }
    };
    for (const auto& server : config.http->servers) walk(server.locations);
    return failed;
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
            check_gzip_disable(*loaded.config.http);
            check_rule_regexes(*loaded.config.http);
            ComputedVariables computed(*loaded.config.http, loaded.config.main.prefix);  // map and referer regexes
        }
        for (const auto& w : loaded.config.warnings) print_level(w.level().c_str(), w.text());
        syntax_ok();
        said_syntax_ok = true;
        // as nginx: the temporary-file folders are made even for -t, before the log files are opened
        if (std::string error = create_temp_paths(loaded.config, std::nullopt); !error.empty()) {
            throw confparse::ConfigError(error);
        }
        open_log_files(loaded.config);
        // beyond nginx: what will go wrong with TLS although everything loads
        auto findings = tls::diagnose(loaded.config, std::time(nullptr));
        for (const auto& f : findings) {
            print_level("warn", f.message + " in " + f.where.file + ":" + std::to_string(f.where.line));
        }
        if (cl.probe) findings.resize(findings.size() + probe_upstreams(loaded.config));
        if (cl.strict && !findings.empty()) {
            print_stderr("configuration file " + conf_file + " test failed (--strict: " +
                         std::to_string(findings.size()) + " warning" + (findings.size() == 1 ? "" : "s") + ")");
            return 1;
        }
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
