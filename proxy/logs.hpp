#pragma once
// The error log and access logs as nginx writes them: error log lines are written at once, access log
// lines by the log writer thread (proxy/log_file.hpp).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "confparse/config.hpp"
#include "proxy/log_file.hpp"
#include "proxy/open_log_cache.hpp"
#include "proxy/syslog_sender.hpp"
#include "proxy/variables.hpp"

namespace proxy {

class ErrorLog {
public:
    struct Target {
        std::shared_ptr<LogFile> file;         // null when it goes to syslog
        std::shared_ptr<SyslogSender> syslog;  // null when it goes to a file
        confparse::LogLevel level;
    };
    ErrorLog() = default;
    ErrorLog(const std::vector<confparse::ErrorLog>& logs, LogFiles& files);

    bool enabled(confparse::LogLevel level) const;
    // "2026/11/26 10:00:00 [error] 1234#5678: *42 MESSAGE"; connection 0 omits "*N ".
    void write(confparse::LogLevel level, std::uint64_t connection, const std::string& message) const;

private:
    std::vector<Target> targets_;
};

class AccessLog {
public:
    struct Target {
        std::shared_ptr<LogFile> file;        // null when the name holds variables, or for syslog
        std::shared_ptr<SyslogSender> syslog;  // null unless it goes to syslog
        Template name;                        // the name, rendered per request when it holds variables
        std::shared_ptr<OpenLogCache> cache;  // open_log_file_cache for such names; null when off
        Template format;
        Template::Escape escape = Template::Escape::Default;
        Template condition;
        bool has_condition = false;
    };
    AccessLog() = default;
    // `errors` is the level's error log, which must outlive this.
    AccessLog(const confparse::HttpScope& scope, const std::map<std::string, confparse::LogFormat>& formats,
              LogFiles& files, const ErrorLog& errors);
    void write(const RequestContext& r) const;

private:
    // As nginx for a name with variables: only when the level's root folder exists, then written at once
    // through the cache or a file opened for this line.
    void write_named(const Target& t, const RequestContext& r, std::string_view line) const;
    bool root_exists(const RequestContext& r) const;

    std::vector<Target> targets_;
    std::string root_;
    const ErrorLog* errors_ = nullptr;
};

}  // namespace proxy
