#pragma once
// nginx's open file cache as open_log_file_cache uses it: the descriptors of access logs whose names hold
// variables, kept open between writes. A name used `min_uses` times stays open; at most `max` names are
// known (the least recently used is dropped first) and one unused for `inactive` seconds is dropped; after
// `valid` seconds a kept name is checked again, so a renamed or replaced file is let go, while until then
// lines still go to the file that was opened (even when its folder was renamed). Shared by worker threads.
#include <chrono>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "confparse/config.hpp"

namespace proxy {

// An open descriptor, closed when the last holder lets it go.
class OpenLog {
public:
    explicit OpenLog(int fd) : fd_(fd) {}
    ~OpenLog();
    OpenLog(const OpenLog&) = delete;
    OpenLog& operator=(const OpenLog&) = delete;
    int fd() const { return fd_; }

private:
    int fd_;
};

// Opens a log file for appending, creating it as nginx does (0644): the descriptor, or -1 with errno set.
int open_for_append(const std::string& path);
// The same, held: null with errno set when it cannot.
std::shared_ptr<OpenLog> open_log(const std::string& path);

class OpenLogCache {
public:
    using Clock = std::chrono::steady_clock;
    explicit OpenLogCache(const confparse::OpenLogFileCache& settings) : settings_(settings) {}

    // The file for `path`, from the cache or opened; null with errno set when it cannot be opened.
    std::shared_ptr<OpenLog> open(const std::string& path, Clock::time_point now = Clock::now());
    // After a write: closes the file again unless it has been used often enough, then drops names unused
    // for too long.
    void release(const std::string& path, Clock::time_point now = Clock::now());
    // How many names the cache knows (open or not).
    std::size_t size() const;

private:
    struct Entry {
        std::shared_ptr<OpenLog> log;  // null while the name has not been used min_uses times
        std::int64_t uses = 0;
        Clock::time_point created;   // when it was opened or last checked
        Clock::time_point accessed;
        std::list<std::string>::iterator recent;  // its place in recent_
    };
    void touch(Entry& entry, Clock::time_point now);
    void forget(std::map<std::string, Entry>::iterator it);
    // Drops up to two names unused for longer than `inactive`, after the least recently used one when
    // `force` (room for a new name).
    void expire(Clock::time_point now, bool force);

    confparse::OpenLogFileCache settings_;
    mutable std::mutex mutex_;
    std::map<std::string, Entry> entries_;
    std::list<std::string> recent_;  // most recently used first
};

}  // namespace proxy
