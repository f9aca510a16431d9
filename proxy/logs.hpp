#pragma once
// The error log and access logs as nginx writes them. Files are opened once per configuration and shared
// by the worker threads; each line is one write(2), so lines never interleave.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "confparse/config.hpp"
#include "proxy/variables.hpp"

namespace proxy {

class LogFile {
public:
    explicit LogFile(std::string path);  // throws confparse::ConfigError as nginx's open() failure
    ~LogFile();
    LogFile(const LogFile&) = delete;
    LogFile& operator=(const LogFile&) = delete;
    void write(const std::string& line) const;
    // Opens the path again in place of the open file (for log rotation); keeps the old one on failure.
    void reopen() const;
    const std::string& path() const { return path_; }

private:
    std::string path_;
    int fd_ = -1;
};

// Opens each path once.
class LogFiles {
public:
    std::shared_ptr<LogFile> open(const std::string& path);
    void reopen_all() const;

private:
    std::map<std::string, std::shared_ptr<LogFile>> files_;
};

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
    };
    AccessLog() = default;
    AccessLog(const std::vector<confparse::AccessLog>& logs, const std::map<std::string, confparse::LogFormat>& formats,
              LogFiles& files);
    void write(const RequestContext& r) const;

private:
    std::vector<Target> targets_;
};

}  // namespace proxy
