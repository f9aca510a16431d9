#include "proxy/runtime.hpp"

namespace proxy {

Runtime::Runtime(confparse::Config config) : config_(std::move(config)) {
    main_error_log_ = ErrorLog(config_.main.error_log, files_);
    if (!config_.http) throw confparse::ConfigError("no \"http\" block: nothing to serve");
    router_ = std::make_unique<Router>(*config_.http);
    for (const auto& server : config_.http->servers) {
        add_scope(server.scope);
        add_text(server.ret.text);
        add_locations(server.locations);
    }
}

Runtime::~Runtime() = default;

void Runtime::add_scope(const confparse::HttpScope& scope) {
    const auto& errors = scope.error_log->empty() ? config_.main.error_log : *scope.error_log;
    error_logs_.emplace(&scope, ErrorLog(errors, files_));
    access_logs_.emplace(&scope, AccessLog(*scope.access_log, config_.http->log_formats, files_));
    for (const auto& h : *scope.add_header) add_text(h.value);
    for (const auto& h : *scope.proxy_set_header) add_text(h.value);
    add_text(*scope.proxy_ssl_name);
}

void Runtime::add_text(const std::string& source) { texts_.emplace(&source, Template(source)); }

void Runtime::add_locations(const std::vector<confparse::Location>& locations) {
    for (const auto& loc : locations) {
        add_scope(loc.scope);
        add_text(loc.ret.text);
        add_locations(loc.locations);
    }
}

const ErrorLog& Runtime::error_log(const confparse::HttpScope& scope) const { return error_logs_.at(&scope); }
const AccessLog& Runtime::access_log(const confparse::HttpScope& scope) const { return access_logs_.at(&scope); }
const Template& Runtime::text(const std::string& source) const { return texts_.at(&source); }

}  // namespace proxy
