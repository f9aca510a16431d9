#pragma once
// The files the logs write to, and the thread that writes access log lines so that a worker thread never
// waits on the disk. Files are opened once per configuration and shared by the worker threads.
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "confparse/config.hpp"
#include "proxy/open_log_cache.hpp"

namespace proxy {

class LogWriter;
class SyslogSender;

class LogFile {
public:
    LogFile(std::string path, LogWriter& writer);  // throws confparse::ConfigError as nginx's open() failure
    ~LogFile();
    LogFile(const LogFile&) = delete;
    LogFile& operator=(const LogFile&) = delete;

    // Writes at once, on the calling thread, after any lines still waiting (error log lines).
    void write(std::string_view line);
    // How access log lines gather, as nginx's access_log buffer=, flush= and gzip: the buffer belongs to the
    // file, so every access_log of it shares it. Set before the workers start.
    void buffer_with(confparse::Size buffer, confparse::Msec flush, int gzip);
    // Hands a line to the writer thread: with no buffer it is written at once; else lines gather until the
    // next would not fit, or until `flush` has passed since the first. A writer that falls far behind
    // makes the caller write: memory stays bounded, no line lost.
    void append(std::string_view line);
    // Writes everything waiting or gathered.
    void flush();
    // Opens the path again in place of the open file (log rotation), after writing everything; keeps the
    // old file when the path cannot be opened.
    void reopen();
    const std::string& path() const { return path_; }

private:
    friend class LogWriter;
    using Clock = std::chrono::steady_clock;
    // The writer's turn: what is ready, and the gathered lines whose flush time has come.
    void flush_due(Clock::time_point now);
    // When gathered lines are due (max when none are).
    Clock::time_point deadline();
    std::string take(bool gathered_too);
    void write_out(const std::string& bytes);

    std::string path_;
    int fd_ = -1;
    LogWriter& writer_;
    std::size_t buffer_ = 0;
    confparse::Msec flush_after_ = 0;
    int gzip_ = 0;  // a compression level: each write is a gzip member
    std::mutex write_mutex_;  // one writer of fd_ at a time, so lines never interleave or reorder
    std::mutex held_mutex_;   // guards the three below
    std::string ready_;       // to be written now
    std::string held_;        // gathered in the buffer
    Clock::time_point flush_at_ = Clock::time_point::max();
};

class LogWriter {
public:
    LogWriter() = default;
    ~LogWriter() { stop(); }
    LogWriter(const LogWriter&) = delete;
    LogWriter& operator=(const LogWriter&) = delete;

    void watch(LogFile* file);
    // A file has lines to write now, or a new flush time; false once stopped (the caller writes them).
    bool wake();
    // Stops the thread, then writes what every file holds.
    void stop();

private:
    void run();

    std::mutex mutex_;
    std::condition_variable wakeup_;
    std::vector<LogFile*> files_;
    std::thread thread_;
    bool woken_ = false;
    bool stopping_ = false;
};

// Opens each path once, for one configuration.
class LogFiles {
public:
    LogFiles() = default;
    ~LogFiles() { writer_.stop(); }
    LogFiles(const LogFiles&) = delete;
    LogFiles& operator=(const LogFiles&) = delete;

    std::shared_ptr<LogFile> open(const std::string& path);
    // The sender of a "syslog:..." target (`target`, as written), one for every log that names it.
    std::shared_ptr<SyslogSender> syslog(const std::string& target, const confparse::SyslogPeer& peer);
    // The cache an open_log_file_cache directive makes, one per directive.
    std::shared_ptr<OpenLogCache> cache(const confparse::OpenLogFileCache& settings);
    void reopen_all();
    // Writes everything held and stops the writer thread (at exit).
    void flush_all() { writer_.stop(); }

private:
    LogWriter writer_;  // declared first: the files it watches go before it
    std::map<std::string, std::shared_ptr<LogFile>> files_;
    std::map<std::string, std::shared_ptr<OpenLogCache>> caches_;  // by where their directive is
    std::map<std::string, std::shared_ptr<SyslogSender>> syslogs_;
};

}  // namespace proxy
