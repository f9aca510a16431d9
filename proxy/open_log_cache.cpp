#include "proxy/open_log_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace proxy {

OpenLog::~OpenLog() { ::close(fd_); }

int open_for_append(const std::string& path) {
    return ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
}

std::shared_ptr<OpenLog> open_log(const std::string& path) {
    int fd = open_for_append(path);
    if (fd < 0) return nullptr;
    return std::make_shared<OpenLog>(fd);
}

namespace {

// Whether `path` still names the file `log` has open (not renamed away, removed or replaced).
bool same_file(const std::string& path, const OpenLog& log) {
    struct stat by_name, by_fd;
    if (::stat(path.c_str(), &by_name) != 0) return false;
    if (::fstat(log.fd(), &by_fd) != 0) return false;
    return by_name.st_dev == by_fd.st_dev && by_name.st_ino == by_fd.st_ino;
}

}  // namespace

std::shared_ptr<OpenLog> OpenLogCache::open(const std::string& path, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(path);
    if (it == entries_.end()) {
        auto log = open_log(path);
        if (!log) return nullptr;
        if (entries_.size() >= static_cast<std::size_t>(settings_.max)) expire(now, true);
        recent_.push_front(path);
        entries_.emplace(path, Entry{log, 1, now, now, recent_.begin()});
        return log;
    }
    Entry& entry = it->second;
    ++entry.uses;
    if (entry.log && now - entry.created < std::chrono::seconds(settings_.valid)) {
        touch(entry, now);
        return entry.log;
    }
    // not kept open yet, or time to check the name again: open it unless it is still the same file
    if (!entry.log || !same_file(path, *entry.log)) {
        auto log = open_log(path);
        if (!log) {
            int err = errno;
            forget(it);  // as nginx: a name that fails is not remembered
            errno = err;
            return nullptr;
        }
        entry.log = std::move(log);
    }
    entry.created = now;
    touch(entry, now);
    return entry.log;
}

void OpenLogCache::release(const std::string& path, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(path);
    if (it == entries_.end()) return;  // dropped while written to: the writer held the last reference
    touch(it->second, now);
    if (it->second.uses < settings_.min_uses) it->second.log.reset();
    expire(now, false);
}

std::size_t OpenLogCache::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

void OpenLogCache::touch(Entry& entry, Clock::time_point now) {
    entry.accessed = now;
    recent_.splice(recent_.begin(), recent_, entry.recent);
}

void OpenLogCache::forget(std::map<std::string, Entry>::iterator it) {
    recent_.erase(it->second.recent);
    entries_.erase(it);
}

void OpenLogCache::expire(Clock::time_point now, bool force) {
    for (int n = force ? 0 : 1; n < 3 && !recent_.empty(); ++n) {
        auto it = entries_.find(recent_.back());
        if (n != 0 && now - it->second.accessed <= std::chrono::seconds(settings_.inactive)) return;
        forget(it);
    }
}

}  // namespace proxy
