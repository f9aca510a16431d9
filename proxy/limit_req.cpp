#include "proxy/limit_req.hpp"

#include <chrono>
#include <cstdio>
#include <vector>

#include "proxy/error_context.hpp"

namespace proxy {
namespace {

std::string milli(std::int64_t excess) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(excess / 1000),
                  static_cast<long long>(excess % 1000));
    return buf;
}

// As nginx: a delay is logged one level below the limit's, but never below info.
confparse::LogLevel delay_level(confparse::LogLevel limit) {
    return limit == confparse::LogLevel::Info ? limit : static_cast<confparse::LogLevel>(static_cast<int>(limit) + 1);
}

}  // namespace

const char* limit_req_status_name(int status) {
    static const char* const names[] = {"PASSED", "DELAYED", "REJECTED", "DELAYED_DRY_RUN", "REJECTED_DRY_RUN"};
    return status >= kLimitPassed && status <= kLimitRejectedDryRun ? names[status - 1] : nullptr;
}

LimitRequests::LimitRequests(const confparse::Http& http) {
    for (const auto& z : http.limit_req_zones) {
        zones_.emplace(z.name, Zone{std::make_unique<LimitReqZone>(z.name, z.rate, z.size), Template(z.key)});
    }
}

LimitReqVerdict LimitRequests::check(RequestContext& r, const confparse::HttpScope& scope, const ErrorLog& log) const {
    const auto& limits = *scope.limit_req;
    if (r.limit_req_status || limits.empty()) return {};
    auto now = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::steady_clock::now().time_since_epoch()).count());
    using Result = LimitReqZone::Result;
    Result rc = Result::Ok;
    bool any = false;
    std::int64_t excess = 0;
    std::size_t n = 0;
    const Zone* zone = nullptr;
    // the limits that passed before the last one (their index and key), for the accounting step
    std::vector<std::pair<std::size_t, std::string>> pending;
    std::string key;
    for (; n < limits.size(); ++n) {
        zone = &zones_.find(limits[n].zone)->second;
        key = zone->key.render(r);
        if (key.empty()) continue;
        if (key.size() > 65535) {
            log.write(confparse::LogLevel::Error, r.connection->id,
                      "the value of the \"" + zone->key.source() + "\" key is more than 65535 bytes: \"" + key + "\"" +
                          error_context(r));
            continue;
        }
        any = true;
        rc = zone->state->lookup(key, now, limits[n].burst, n + 1 == limits.size(), excess);
        if (rc != Result::Again) break;
        pending.emplace_back(n, key);
    }
    if (!any) return {};
    bool dry_run = *scope.limit_req_dry_run;
    if (rc == Result::Busy || rc == Result::Error) {
        if (rc == Result::Busy) {
            log.write(*scope.limit_req_log_level, r.connection->id,
                      std::string("limiting requests") + (dry_run ? ", dry run" : "") + ", excess: " + milli(excess) +
                          " by zone \"" + zone->state->name() + "\"" + error_context(r));
        } else {
            log.write(confparse::LogLevel::Alert, 0,
                      "could not allocate node in limit_req zone \"" + zone->state->name() + "\"");
        }
        r.limit_req_status = dry_run ? kLimitRejectedDryRun : kLimitRejected;
        return {dry_run ? 0 : static_cast<int>(*scope.limit_req_status), 0};
    }
    // ngx_http_limit_req_account: the longest delay any limit asks for
    if (rc == Result::Again) excess = 0;
    std::size_t chosen = n < limits.size() ? n : limits.size() - 1;
    std::int64_t max_delay = excess <= limits[chosen].delay ? 0 : (excess - limits[chosen].delay) * 1000 / zone->state->rate();
    for (std::size_t i = pending.size(); i-- > 0;) {
        const auto& [index, earlier_key] = pending[i];
        const Zone* earlier = &zones_.find(limits[index].zone)->second;
        std::int64_t e = earlier->state->account(earlier_key, now);
        if (e <= limits[index].delay) continue;
        std::int64_t delay = (e - limits[index].delay) * 1000 / earlier->state->rate();
        if (delay > max_delay) {
            max_delay = delay;
            excess = e;
            zone = earlier;
        }
    }
    if (max_delay == 0) {
        r.limit_req_status = kLimitPassed;
        return {};
    }
    log.write(delay_level(*scope.limit_req_log_level), r.connection->id,
              std::string("delaying request") + (dry_run ? ", dry run" : "") + ", excess: " + milli(excess) +
                  ", by zone \"" + zone->state->name() + "\"" + error_context(r));
    r.limit_req_status = dry_run ? kLimitDelayedDryRun : kLimitDelayed;
    return {0, dry_run ? 0 : max_delay};
}

}  // namespace proxy
