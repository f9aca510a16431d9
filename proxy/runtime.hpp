#pragma once
// One immutable snapshot of everything a configuration needs at run time, built once per load: the
// config, the router, compiled variable templates, open logs, TLS contexts and upstream groups.
// Workers hold a shared_ptr to it; a connection keeps the snapshot it started with.
#include <map>
#include <memory>
#include <string>

#include "confparse/config.hpp"
#include "proxy/logs.hpp"
#include "proxy/router.hpp"
#include "proxy/variables.hpp"

namespace proxy {

class Runtime {
public:
    // Throws confparse::ConfigError for what nginx would refuse at start (regexes, log files, ...).
    explicit Runtime(confparse::Config config);
    ~Runtime();

    const confparse::Config& config() const { return config_; }
    const confparse::Http& http() const { return *config_.http; }
    const Router& router() const { return *router_; }
    const ErrorLog& main_error_log() const { return main_error_log_; }
    const ErrorLog& error_log(const confparse::HttpScope& scope) const;
    const AccessLog& access_log(const confparse::HttpScope& scope) const;
    // The compiled form of a text from the configuration (given by its address in config()).
    const Template& text(const std::string& source) const;

private:
    void add_scope(const confparse::HttpScope& scope);
    void add_text(const std::string& source);
    void add_locations(const std::vector<confparse::Location>& locations);

    confparse::Config config_;
    std::unique_ptr<Router> router_;
    LogFiles files_;
    ErrorLog main_error_log_;
    std::map<const confparse::HttpScope*, ErrorLog> error_logs_;
    std::map<const confparse::HttpScope*, AccessLog> access_logs_;
    std::map<const std::string*, Template> texts_;
};

}  // namespace proxy
