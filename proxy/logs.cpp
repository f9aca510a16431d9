#include "proxy/logs.hpp"

#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <ctime>


namespace proxy {

ErrorLog::ErrorLog(const std::vector<confparse::ErrorLog>& logs, LogFiles& files) {
    for (const auto& l : logs) targets_.push_back({files.open(l.path), l.level});
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
        if (level <= t.level) t.file->write(line);
    }
}

AccessLog::AccessLog(const std::vector<confparse::AccessLog>& logs,
                     const std::map<std::string, confparse::LogFormat>& formats, LogFiles& files) {
    for (const auto& l : logs) {
        if (l.off) continue;
        const auto& f = formats.at(l.format);
        Target t{files.open(l.path), Template(f.text), Template::Escape::Default, Template(l.condition),
                 !l.condition.empty(), l.buffer, l.flush};
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
        t.file->append(t.format.render(r, Template::Missing::Dash, t.escape) + "\n", t.buffer, t.flush);
    }
}

}  // namespace proxy
