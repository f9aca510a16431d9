#pragma once
// One immutable snapshot of everything a configuration needs at run time, built once per load: the
// config, the router, compiled variable templates, open logs, TLS contexts and upstream groups.
// Workers hold a shared_ptr to it; a connection keeps the snapshot it started with.
#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "confparse/config.hpp"
#include "proxy/computed_variables.hpp"
#include "proxy/limit_conn.hpp"
#include "proxy/limit_req.hpp"
#include "proxy/listener_counters.hpp"
#include "proxy/logs.hpp"
#include "proxy/rewrite.hpp"
#include "proxy/router.hpp"
#include "proxy/variables.hpp"
#include "tls/sni.hpp"

namespace tls {
class ClientContext;
class ServerContext;
class SessionStore;
}  // namespace tls

namespace upstream {
class Group;
}  // namespace upstream

namespace proxy {

class Runtime {
public:
    // Throws confparse::ConfigError for what nginx would refuse at start (regexes, log files, ...).
    explicit Runtime(confparse::Config config);
    ~Runtime();

    const confparse::Config& config() const { return config_; }
    const confparse::Http& http() const { return *config_.http; }
    const std::string& prefix() const { return config_.main.prefix; }  // with a trailing '/'
    const std::string& conf_prefix() const { return config_.main.conf_prefix; }  // the configuration's folder
    const Router& router() const { return *router_; }
    const Rewriter& rewriter() const { return *rewriter_; }
    const ComputedVariables& computed_variables() const { return *computed_; }
    // limit_req's zones, shared by the worker threads (each zone locks inside)
    const LimitRequests& limit_requests() const { return *limit_requests_; }
    // limit_conn's zones, likewise
    const LimitConnections& limit_connections() const { return *limit_connections_; }
    const ErrorLog& main_error_log() const { return main_error_log_; }
    const ErrorLog& error_log(const confparse::HttpScope& scope) const;
    const AccessLog& access_log(const confparse::HttpScope& scope) const;
    // Reopens every log file (SIGUSR1).
    void reopen_logs() const { files_.reopen_all(); }
    // Writes what the logs still hold and stops their writer thread (at exit).
    void flush_logs() const { files_.flush_all(); }

    // The compiled form of a text from the configuration (given by its address in config()).
    const Template& text(const std::string& source) const;
    // That text for a request: as written when it has no variables, else rendered.
    std::string render(const std::string& source, const RequestContext& r) const {
        return source.find('$') == std::string::npos ? source : text(source).render(r);
    }
    // The compiled regex of a "~" proxy_redirect, proxy_cookie_domain or proxy_cookie_path rule.
    const Regex& regex(const confparse::RedirectRule& rule) const;
    // The compiled regex of a "~" proxy_cookie_flags rule.
    const Regex& regex(const confparse::CookieFlagsRule& rule) const;
    // The compiled regex of a gzip_disable pattern.
    const Regex& regex(const confparse::GzipDisablePattern& pattern) const;

    // The upstream group an http.upstreams index names, and its saved TLS sessions; shared by all
    // workers (they lock inside).
    upstream::Group& group(std::size_t index) const { return *groups_.at(index); }
    tls::SessionStore& sessions(std::size_t index) const { return *sessions_.at(index); }
    // The worker threads this configuration runs (worker_processes), which count into its counters.
    std::size_t workers() const { return workers_; }
    // The listeners' counters, per worker and endpoint; new with each configuration.
    const ListenerCounterTable& listener_counters() const { return *listener_counters_; }
    // When this configuration was loaded: what its counters count since.
    std::chrono::system_clock::time_point loaded() const { return loaded_; }

    // The TLS context for a location's https proxy_pass (by the location's scope).
    const tls::ClientContext& client_context(const confparse::HttpScope& scope) const;
    // An ssl endpoint's first context and its SNI switch to the other servers' contexts.
    const tls::ServerContext& server_context(const Endpoint& endpoint) const;
    const tls::SniSelector& sni_selector(const Endpoint& endpoint) const;

private:
    void add_scope(const confparse::HttpScope& scope);
    void add_text(const std::string& source);
    void add_rules(const std::vector<confparse::RedirectRule>& rules);
    void add_locations(const std::vector<confparse::Location>& locations);
    void add_tls();

    confparse::Config config_;
    std::size_t workers_;
    std::chrono::system_clock::time_point loaded_ = std::chrono::system_clock::now();
    std::unique_ptr<Router> router_;
    std::unique_ptr<ListenerCounterTable> listener_counters_;
    mutable LogFiles files_;  // the files are shared; what changes in them is locked inside
    ErrorLog main_error_log_;
    std::map<const confparse::HttpScope*, ErrorLog> error_logs_;
    std::map<const confparse::HttpScope*, AccessLog> access_logs_;
    std::map<const std::string*, Template> texts_;
    std::map<const confparse::RedirectRule*, Regex> rule_regexes_;
    std::map<const confparse::CookieFlagsRule*, Regex> cookie_regexes_;
    std::map<const confparse::GzipDisablePattern*, Regex> gzip_disable_regexes_;
    std::unique_ptr<Rewriter> rewriter_;
    std::unique_ptr<ComputedVariables> computed_;
    std::unique_ptr<LimitRequests> limit_requests_;
    std::unique_ptr<LimitConnections> limit_connections_;
    std::vector<std::unique_ptr<upstream::Group>> groups_;
    std::vector<std::unique_ptr<tls::SessionStore>> sessions_;
    std::map<const confparse::HttpScope*, std::unique_ptr<tls::ClientContext>> client_contexts_;
    std::map<const confparse::Server*, std::unique_ptr<tls::ServerContext>> server_contexts_;
    std::map<const Endpoint*, tls::SniSelector> sni_selectors_;
};

}  // namespace proxy
