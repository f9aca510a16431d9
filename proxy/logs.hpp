#pragma once
// The error log and access logs as nginx writes them: error log lines are written at once, access log
// lines by the log writer thread (proxy/log_file.hpp).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "confparse/config.hpp"
#include "proxy/log_file.hpp"
#include "proxy/variables.hpp"

namespace proxy {

class ErrorLog {
public:
    struct Target {
        std::shared_ptr<LogFile> file;
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
        std::shared_ptr<LogFile> file;
        Template format;
        Template::Escape escape = Template::Escape::Default;
        Template condition;
        bool has_condition = false;
        confparse::Size buffer = 0;
        confparse::Msec flush = 0;
    };
    AccessLog() = default;
    AccessLog(const std::vector<confparse::AccessLog>& logs, const std::map<std::string, confparse::LogFormat>& formats,
              LogFiles& files);
    void write(const RequestContext& r) const;

private:
    std::vector<Target> targets_;
};

}  // namespace proxy
