#include "proxy/log_file.hpp"

#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>

#include "confparse/files.hpp"
#include "proxy/gzip_member.hpp"
#include "proxy/syslog_sender.hpp"

namespace proxy {
namespace {

// Past this much waiting for one file the writer thread is not keeping up, and appenders write themselves.
constexpr std::size_t kReadyLimit = 1 << 20;

}  // namespace

LogFile::LogFile(std::string path, LogWriter& writer) : path_(std::move(path)), writer_(writer) {
    if (path_ == "stderr") {
        fd_ = STDERR_FILENO;
        return;
    }
    fd_ = open_for_append(path_);
    if (fd_ < 0) throw confparse::ConfigError("open() \"" + path_ + "\" failed (" + confparse::errno_text(errno) + ")");
}

LogFile::~LogFile() {
    if (fd_ > STDERR_FILENO) ::close(fd_);
}

void LogFile::write_out(const std::string& bytes) {
    if (bytes.empty()) return;
    std::string compressed;
    std::string_view out = bytes;
    if (gzip_) out = compressed = gzip_member(bytes, gzip_);
    ssize_t rc = ::write(fd_, out.data(), out.size());
    static_cast<void>(rc);
}

std::string LogFile::take(bool gathered_too) {
    std::lock_guard lock(held_mutex_);
    std::string out;
    out.swap(ready_);
    if (gathered_too) {
        out += held_;
        held_.clear();
        flush_at_ = Clock::time_point::max();
    }
    return out;
}

void LogFile::write(std::string_view line) {
    std::lock_guard write_lock(write_mutex_);
    std::string held = take(true);
    iovec parts[2] = {{held.data(), held.size()}, {const_cast<char*>(line.data()), line.size()}};
    ssize_t rc = ::writev(fd_, parts, 2);
    static_cast<void>(rc);  // as nginx: a failed log write is not reported anywhere
}

void LogFile::buffer_with(confparse::Size buffer, confparse::Msec flush, int gzip) {
    buffer_ = static_cast<std::size_t>(buffer);
    flush_after_ = flush;
    gzip_ = gzip;
}

void LogFile::append(std::string_view line) {
    const std::size_t size = buffer_;
    bool wake = false;
    bool overflow = false;
    {
        std::lock_guard lock(held_mutex_);
        const bool was_ready = !ready_.empty();
        // as nginx: a line that does not fit sends the buffer on and starts the next one
        if (held_.size() + line.size() > size) {
            ready_ += held_;
            held_.clear();
            flush_at_ = Clock::time_point::max();
        }
        if (line.size() > size) {
            ready_ += line;
        } else {
            held_ += line;
            if (flush_after_ > 0 && flush_at_ == Clock::time_point::max()) {
                flush_at_ = Clock::now() + std::chrono::milliseconds(flush_after_);
                wake = true;
            }
        }
        wake = wake || (!was_ready && !ready_.empty());
        overflow = ready_.size() > kReadyLimit;
    }
    if (overflow || (wake && !writer_.wake())) flush();
}

void LogFile::flush() {
    std::lock_guard write_lock(write_mutex_);
    write_out(take(true));
}

void LogFile::flush_due(Clock::time_point now) {
    std::lock_guard write_lock(write_mutex_);
    bool gathered_too;
    {
        std::lock_guard lock(held_mutex_);
        gathered_too = flush_at_ <= now;
    }
    write_out(take(gathered_too));
}

void LogFile::reopen() {
    if (fd_ <= STDERR_FILENO) return;
    flush();
    std::lock_guard write_lock(write_mutex_);
    int fd = open_for_append(path_);
    if (fd < 0) return;
    ::dup2(fd, fd_);  // atomic for writers on other threads: they never see a closed descriptor
    ::close(fd);
}

LogFile::Clock::time_point LogFile::deadline() {
    std::lock_guard lock(held_mutex_);
    return held_.empty() ? Clock::time_point::max() : flush_at_;
}

void LogWriter::watch(LogFile* file) {
    std::lock_guard lock(mutex_);
    files_.push_back(file);
}

bool LogWriter::wake() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return false;
        woken_ = true;
        if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    }
    wakeup_.notify_one();
    return true;
}

void LogWriter::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        auto next = LogFile::Clock::time_point::max();
        for (LogFile* f : files_) next = std::min(next, f->deadline());
        auto ready = [this] { return woken_ || stopping_; };
        if (next == LogFile::Clock::time_point::max()) {
            wakeup_.wait(lock, ready);
        } else {
            wakeup_.wait_until(lock, next, ready);
        }
        woken_ = false;
        std::vector<LogFile*> files = files_;
        lock.unlock();
        auto now = LogFile::Clock::now();
        for (LogFile* f : files) f->flush_due(now);
        lock.lock();
    }
}

void LogWriter::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wakeup_.notify_one();
    if (thread_.joinable()) thread_.join();
    std::vector<LogFile*> files;
    {
        std::lock_guard lock(mutex_);
        files.swap(files_);  // from now on appenders write themselves
    }
    for (LogFile* f : files) f->flush();
}

std::shared_ptr<LogFile> LogFiles::open(const std::string& path) {
    auto& slot = files_[path];
    if (!slot) {
        slot = std::make_shared<LogFile>(path, writer_);
        writer_.watch(slot.get());
    }
    return slot;
}

std::shared_ptr<SyslogSender> LogFiles::syslog(const std::string& target, const confparse::SyslogPeer& peer) {
    auto& slot = syslogs_[target];
    if (!slot) slot = std::make_shared<SyslogSender>(peer);
    return slot;
}

std::shared_ptr<OpenLogCache> LogFiles::cache(const confparse::OpenLogFileCache& settings) {
    auto& slot = caches_[settings.where.file + ":" + std::to_string(settings.where.line)];
    if (!slot) slot = std::make_shared<OpenLogCache>(settings);
    return slot;
}

void LogFiles::reopen_all() {
    for (const auto& [path, file] : files_) file->reopen();
}

}  // namespace proxy
