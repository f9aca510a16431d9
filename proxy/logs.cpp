#include "proxy/logs.hpp"

#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>

#include "confparse/files.hpp"
#include "proxy/error_context.hpp"

namespace proxy {

ErrorLog::ErrorLog(const std::vector<confparse::ErrorLog>& logs, LogFiles& files) {
    for (const auto& l : logs) {
        if (l.syslog) targets_.push_back({nullptr, files.syslog(l.path, *l.syslog), l.level});
        else targets_.push_back({files.open(l.path), nullptr, l.level});
    }
}

bool ErrorLog::enabled(confparse::LogLevel level) const {
    for (const auto& t : targets_) {
        if (level <= t.level) return true;
    }
    return false;
}

void ErrorLog::write(confparse::LogLevel level, std::uint64_t connection, const std::string& message) const {
    static const char* names[] = {"emerg", "alert", "crit", "error", "warn", "notice", "info", "debug"};
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y/%m/%d %H:%M:%S", &tm);
    std::string line = std::string(stamp) + " [" + names[static_cast<int>(level)] + "] " + std::to_string(::getpid()) +
                       "#" + std::to_string(::syscall(SYS_gettid)) + ": ";
    if (connection) line += "*" + std::to_string(connection) + " ";
    line += message + "\n";
    for (const auto& t : targets_) {
        if (level > t.level) continue;
        // as nginx: the whole line goes to syslog, its time included, at the line's own level
        if (t.syslog) t.syslog->send(static_cast<int>(level), line);
        else t.file->write(line);
    }
}

AccessLog::AccessLog(const confparse::HttpScope& scope, const std::map<std::string, confparse::LogFormat>& formats,
                     LogFiles& files, const ErrorLog& errors)
    : root_(*scope.root), errors_(&errors) {
    for (const auto& l : *scope.access_log) {
        if (l.off) continue;
        const auto& f = formats.at(l.format);
        Target t{nullptr, nullptr, Template(l.path), nullptr, Template(f.text), Template::Escape::Default,
                 Template(l.condition), !l.condition.empty()};
        if (l.syslog) {
            t.syslog = files.syslog(l.path, *l.syslog);
        } else if (t.name.constant()) {
            t.file = files.open(l.path);
            if (l.buffer) t.file->buffer_with(l.buffer, l.flush, l.gzip);
        } else if (scope.open_log_file_cache->max) {
            t.cache = files.cache(*scope.open_log_file_cache);
        }
        if (f.escape == "json") t.escape = Template::Escape::Json;
        if (f.escape == "none") t.escape = Template::Escape::None;
        targets_.push_back(std::move(t));
    }
}

void AccessLog::write(const RequestContext& r) const {
    for (const auto& t : targets_) {
        if (t.has_condition) {
            std::string v = t.condition.render(r);
            if (v.empty() || v == "0") continue;  // as nginx: "if=" skips empty and "0"
        }
        std::string line = t.format.render(r, Template::Missing::Dash, t.escape) + "\n";
        if (t.syslog) {
            t.syslog->send(t.syslog->severity(), line);
            continue;
        }
        if (t.file) {
            t.file->append(line);
            continue;
        }
        if (root_exists(r)) write_named(t, r, line);
    }
}

bool AccessLog::root_exists(const RequestContext& r) const {
    struct stat st;
    int err = ::stat(root_.c_str(), &st) != 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
    if (err) {
        errors_->write(confparse::LogLevel::Error, r.connection->id,
                       "testing \"" + root_ + "\" existence failed (" + confparse::errno_text(err) +
                           ") while logging request" + error_context(r));
    }
    return err == 0;
}

void AccessLog::write_named(const Target& t, const RequestContext& r, std::string_view line) const {
    std::string name = t.name.render(r);
    std::shared_ptr<OpenLog> log = t.cache ? t.cache->open(name) : open_log(name);
    if (!log) {
        errors_->write(confparse::LogLevel::Crit, r.connection->id,
                       "open() \"" + name + "\" failed (" + confparse::errno_text(errno) + ") while logging request" +
                           error_context(r));
        return;
    }
    ssize_t rc = ::write(log->fd(), line.data(), line.size());
    static_cast<void>(rc);
    if (t.cache) t.cache->release(name);
}

}  // namespace proxy
