#pragma once
// nginx's limit_conn module at run time (its preaccess phase handler, run after limit_req's): each limit
// of the level counts the requests with the same key being served at once, in its zone; one past the
// number is rejected (limit_conn_status, 503 by default) with nginx's log line, and $limit_conn_status
// tells what happened. A request is counted until it ends, after its access log line.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "confparse/config.hpp"
#include "proxy/limit_conn_leases.hpp"

namespace proxy {

class ErrorLog;
class Template;
struct RequestContext;

// One limit_conn_zone: the count per key, within the memory the zone's size gives (nginx's node per key,
// rounded up to its slab size). Shared by the worker threads: every step holds the zone's lock.
class LimitConnZone {
public:
    LimitConnZone(std::string name, std::int64_t size);
    const std::string& name() const { return name_; }

    enum class Result { Ok, Busy, Error };
    // Counts one more request with `key` unless `limit` are served already (Busy) or the zone is full (Error).
    Result acquire(const std::string& key, std::int64_t limit);
    void release(const std::string& key);
    std::size_t keys() const;

private:
    static std::size_t cost(std::size_t key_size);

    std::string name_;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::size_t used_ = 0;
    std::unordered_map<std::string, std::int64_t> counts_;
};

// r.limit_conn_status, as nginx numbers it.
enum LimitConnStatus { kLimitConnPassed = 1, kLimitConnRejected, kLimitConnRejectedDryRun };

// The name of a LimitConnStatus for $limit_conn_status; nullptr for 0 (the phase did not count the request).
const char* limit_conn_status_name(int status);

class LimitConnections {
public:
    // Every zone a limit names is declared (confparse checked).
    explicit LimitConnections(const confparse::Http& http);
    ~LimitConnections();

    // Runs the phase for r once (as nginx: not again after an internal redirect): 0 to go on, else the
    // status to answer with.
    int check(RequestContext& r, const confparse::HttpScope& scope, const ErrorLog& log) const;

private:
    struct Zone;
    std::map<std::string, std::unique_ptr<Zone>, std::less<>> zones_;
};

}  // namespace proxy
