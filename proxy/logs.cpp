#include "proxy/logs.hpp"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <ctime>

#include "confparse/files.hpp"

namespace proxy {

LogFile::LogFile(std::string path) : path_(std::move(path)) {
    if (path_ == "stderr") {
        fd_ = STDERR_FILENO;
        return;
    }
    fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw confparse::ConfigError("open() \"" + path_ + "\" failed (" + confparse::errno_text(errno) + ")");
}

LogFile::~LogFile() {
    if (fd_ > STDERR_FILENO) ::close(fd_);
}

void LogFile::write(const std::string& line) const {
    ssize_t rc = ::write(fd_, line.data(), line.size());
    static_cast<void>(rc);  // as nginx: a failed log write is not reported anywhere
}

void LogFile::reopen() const {
    if (fd_ <= STDERR_FILENO) return;
    int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return;
    ::dup2(fd, fd_);  // atomic for writers on other threads: they never see a closed descriptor
    ::close(fd);
}

void LogFiles::reopen_all() const {
    for (const auto& [path, file] : files_) file->reopen();
}

std::shared_ptr<LogFile> LogFiles::open(const std::string& path) {
    auto& slot = files_[path];
    if (!slot) slot = std::make_shared<LogFile>(path);
    return slot;
}

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
                 !l.condition.empty()};
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
        t.file->write(t.format.render(r, Template::Missing::Dash, t.escape) + "\n");
    }
}

}  // namespace proxy
