#include "proxy/runtime.hpp"

#include <algorithm>

#include "tls/client_context.hpp"
#include "tls/server_context.hpp"
#include "tls/session_store.hpp"
#include "upstream/group.hpp"

namespace proxy {

Runtime::Runtime(confparse::Config config)
    : config_(std::move(config)), workers_(static_cast<std::size_t>(std::max<std::int64_t>(1, config_.main.worker_processes))) {
    main_error_log_ = ErrorLog(config_.main.error_log, files_);
    if (!config_.http) throw confparse::ConfigError("no \"http\" block: nothing to serve");
    router_ = std::make_unique<Router>(*config_.http);
    listener_counters_ = std::make_unique<ListenerCounterTable>(workers_, router_->endpoints().size());
    rewriter_ = std::make_unique<Rewriter>(*config_.http);
    computed_ = std::make_unique<ComputedVariables>(*config_.http, config_.main.prefix);
    limit_requests_ = std::make_unique<LimitRequests>(*config_.http);
    limit_connections_ = std::make_unique<LimitConnections>(*config_.http);
    for (const auto& server : config_.http->servers) {
        add_scope(server.scope);
        for (const auto& name : server.try_files) add_text(name);
        add_locations(server.locations);
    }
    for (const auto& u : config_.http->upstreams) {
        groups_.push_back(std::make_unique<upstream::Group>(u, workers_));
        add_text(u.hash_key);
        sessions_.push_back(std::make_unique<tls::SessionStore>());
    }
    add_tls();
}

// Contexts are built once here, in nginx's order (servers, then https proxy_pass locations), so a
// request never builds or re-reads TLS material.
void Runtime::add_tls() {
    for (const auto& server : config_.http->servers) {
        if (!tls::ServerContext::wanted(server.scope)) continue;
        auto context = std::make_unique<tls::ServerContext>(server.scope);
        tls::enable_sni(context->native());
        server_contexts_.emplace(&server, std::move(context));
    }
    for (const Endpoint& endpoint : router_->endpoints()) {
        if (!endpoint.ssl) continue;
        sni_selectors_.emplace(&endpoint, [this, &endpoint](std::string_view name) {
            const confparse::Server* server = router_->find_server(endpoint, name);
            auto it = server_contexts_.find(server);
            return it != server_contexts_.end() ? it->second.get() : &server_context(endpoint);
        });
    }
}

const tls::ClientContext& Runtime::client_context(const confparse::HttpScope& scope) const {
    return *client_contexts_.at(&scope);
}

const tls::ServerContext& Runtime::server_context(const Endpoint& endpoint) const {
    return *server_contexts_.at(endpoint.default_server);
}

const tls::SniSelector& Runtime::sni_selector(const Endpoint& endpoint) const { return sni_selectors_.at(&endpoint); }

Runtime::~Runtime() = default;

void Runtime::add_scope(const confparse::HttpScope& scope) {
    const auto& errors = scope.error_log->empty() ? config_.main.error_log : *scope.error_log;
    const ErrorLog& error_log = error_logs_.emplace(&scope, ErrorLog(errors, files_)).first->second;
    access_logs_.emplace(&scope, AccessLog(scope, config_.http->log_formats, files_, error_log));
    for (const auto& h : *scope.add_header) add_text(h.value);
    for (const auto& t : *scope.add_trailer) add_text(t.value);
    add_text(*scope.proxy_store);
    add_text(scope.expires->value);
    for (const auto& h : *scope.proxy_set_header) add_text(h.value);
    add_text(*scope.proxy_ssl_name);
    add_text(*scope.proxy_ssl_certificate);
    add_text(*scope.proxy_ssl_certificate_key);
    for (const auto& page : *scope.error_page) add_text(page.uri);
    for (const auto& name : *scope.index) add_text(name);
    add_text(*scope.auth_basic);
    add_text(*scope.auth_basic_user_file);
    for (const auto& set : *scope.auth_request_set) add_text(set.value);
    add_text(*scope.proxy_method);
    add_text(*scope.proxy_set_body);
    add_text(scope.limit_rate->text);
    add_text(scope.limit_rate_after->text);
    add_text(scope.proxy_bind->address);
    for (const auto& pair : *scope.sub_filter) {
        add_text(pair.match);
        add_text(pair.replacement);
    }
    if (scope.proxy_redirect.is_set()) add_rules(scope.proxy_redirect->rules);
    add_rules(*scope.proxy_cookie_domain);
    add_rules(*scope.proxy_cookie_path);
    for (const auto& rule : *scope.proxy_cookie_flags) {
        if (rule.regex) cookie_regexes_.emplace(&rule, Regex(rule.cookie, true, rule.where));
        else add_text(rule.cookie);
        for (const auto& flag : rule.flags) add_text(flag);
    }
    for (const auto& pattern : *scope.gzip_disable) {
        gzip_disable_regexes_.emplace(&pattern, Regex(pattern.pattern, true, pattern.where));
    }
}

void Runtime::add_text(const std::string& source) { texts_.emplace(&source, Template(source)); }

void Runtime::add_rules(const std::vector<confparse::RedirectRule>& rules) {
    for (const auto& rule : rules) {
        if (rule.kind == confparse::RedirectRule::Kind::Prefix) {
            add_text(rule.pattern);
        } else {
            bool caseless = rule.kind == confparse::RedirectRule::Kind::RegexCaseless;
            rule_regexes_.emplace(&rule, Regex(rule.pattern, caseless, rule.where));
        }
        add_text(rule.replacement);
    }
}

void Runtime::add_locations(const std::vector<confparse::Location>& locations) {
    for (const auto& loc : locations) {
        add_scope(loc.scope);
        for (const auto& name : loc.try_files) add_text(name);
        if (loc.proxy_pass.has_variables) add_text(loc.proxy_pass.url);
        if (loc.proxy_pass.https) {
            auto context = std::make_unique<tls::ClientContext>(loc.scope);
            tls::SessionStore::enable(context->native());
            client_contexts_.emplace(&loc.scope, std::move(context));
        }
        add_locations(loc.locations);
    }
}

const ErrorLog& Runtime::error_log(const confparse::HttpScope& scope) const { return error_logs_.at(&scope); }
const AccessLog& Runtime::access_log(const confparse::HttpScope& scope) const { return access_logs_.at(&scope); }
const Template& Runtime::text(const std::string& source) const { return texts_.at(&source); }
const Regex& Runtime::regex(const confparse::RedirectRule& rule) const { return rule_regexes_.at(&rule); }
const Regex& Runtime::regex(const confparse::CookieFlagsRule& rule) const { return cookie_regexes_.at(&rule); }
const Regex& Runtime::regex(const confparse::GzipDisablePattern& pattern) const {
    return gzip_disable_regexes_.at(&pattern);
}

}  // namespace proxy
