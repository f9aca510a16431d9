#include "proxy/limit_conn.hpp"

#include <bit>

#include "proxy/error_context.hpp"
#include "proxy/logs.hpp"
#include "proxy/request_context.hpp"
#include "proxy/variables.hpp"

namespace proxy {

LimitConnZone::LimitConnZone(std::string name, std::int64_t size)
    : name_(std::move(name)), capacity_(static_cast<std::size_t>(size)) {}

// nginx's node: the rbtree node up to its color field, the count and the key, at its slab's power of two.
std::size_t LimitConnZone::cost(std::size_t key_size) { return std::bit_ceil(36 + key_size); }

LimitConnZone::Result LimitConnZone::acquire(const std::string& key, std::int64_t limit) {
    std::lock_guard lock(mutex_);
    auto it = counts_.find(key);
    if (it == counts_.end()) {
        if (used_ + cost(key.size()) > capacity_) return Result::Error;
        used_ += cost(key.size());
        counts_.emplace(key, 1);
        return Result::Ok;
    }
    if (it->second >= limit) return Result::Busy;
    ++it->second;
    return Result::Ok;
}

void LimitConnZone::release(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = counts_.find(key);
    if (it == counts_.end() || --it->second > 0) return;
    used_ -= cost(key.size());
    counts_.erase(it);
}

std::size_t LimitConnZone::keys() const {
    std::lock_guard lock(mutex_);
    return counts_.size();
}

void LimitConnLeases::release() {
    for (auto& [zone, key] : held_) zone->release(key);
    held_.clear();
}

const char* limit_conn_status_name(int status) {
    static const char* const names[] = {"PASSED", "REJECTED", "REJECTED_DRY_RUN"};
    return status >= kLimitConnPassed && status <= kLimitConnRejectedDryRun ? names[status - 1] : nullptr;
}

struct LimitConnections::Zone {
    LimitConnZone state;
    Template key;
};

LimitConnections::LimitConnections(const confparse::Http& http) {
    for (const auto& z : http.limit_conn_zones) {
        zones_.emplace(z.name, std::unique_ptr<Zone>(new Zone{LimitConnZone(z.name, z.size), Template(z.key)}));
    }
}

LimitConnections::~LimitConnections() = default;

int LimitConnections::check(RequestContext& r, const confparse::HttpScope& scope, const ErrorLog& log) const {
    if (r.limit_conn_status) return 0;
    for (const confparse::LimitConn& limit : *scope.limit_conn) {
        Zone& zone = *zones_.find(limit.zone)->second;
        std::string key = zone.key.render(r);
        if (key.empty()) continue;
        if (key.size() > 255) {
            log.write(confparse::LogLevel::Error, r.connection->id,
                      "the value of the \"" + zone.key.source() + "\" key is more than 255 bytes: \"" + key + "\"" +
                          error_context(r));
            continue;
        }
        r.limit_conn_status = kLimitConnPassed;
        auto result = zone.state.acquire(key, limit.connections);
        if (result == LimitConnZone::Result::Ok) {
            r.limit_conn.add(zone.state, std::move(key));
            continue;
        }
        bool dry_run = *scope.limit_conn_dry_run;
        if (result == LimitConnZone::Result::Busy) {
            log.write(*scope.limit_conn_log_level, r.connection->id,
                      std::string("limiting connections") + (dry_run ? ", dry run," : "") + " by zone \"" +
                          zone.state.name() + "\"" + error_context(r));
        }
        r.limit_conn.release();  // as nginx: what the earlier limits counted is given back at once
        r.limit_conn_status = dry_run ? kLimitConnRejectedDryRun : kLimitConnRejected;
        return dry_run ? 0 : static_cast<int>(*scope.limit_conn_status);
    }
    return 0;
}

}  // namespace proxy
