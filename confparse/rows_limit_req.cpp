// nginx's limit_req module: limit_req_zone, limit_req, limit_req_log_level, limit_req_status,
// limit_req_dry_run, with ngx_http_limit_req_zone's and ngx_http_limit_req's checks and messages.
#include "confparse/setters.hpp"
#include "confparse/shared_zone.hpp"

namespace confparse {
namespace {

// ngx_atoi: digits only; anything else (or nothing) is an error, here -1.
std::int64_t atoi_or_error(std::string_view s) {
    auto n = s.empty() || s.find_first_not_of("0123456789") != std::string_view::npos ? std::nullopt : parse_number(s);
    return n ? *n : -1;
}

void set_zone(BuildState& b, const Directive& d) {
    b.note_variables(d.args[0], d);
    LimitReqZone zone;
    zone.key = d.args[0];
    zone.where = d.where;
    std::int64_t rate = 1, scale = 1;
    for (size_t i = 1; i < d.args.size(); ++i) {
        const std::string& v = d.args[i];
        if (v.starts_with("zone=")) {
            read_zone_parameter(d, v, zone.name, zone.size);
            continue;
        }
        if (v.starts_with("rate=")) {
            std::string_view number = std::string_view(v).substr(5);
            if (v.size() >= 3 && (v.compare(v.size() - 3, 3, "r/s") == 0 || v.compare(v.size() - 3, 3, "r/m") == 0)) {
                scale = v[v.size() - 1] == 'm' ? 60 : 1;
                number.remove_suffix(3);
            }
            rate = atoi_or_error(number);
            if (rate <= 0) fail(d, "invalid rate \"" + v + "\"");
            continue;
        }
        fail(d, "invalid parameter \"" + v + "\"");
    }
    if (zone.name.empty()) fail(d, "\"" + d.name + "\" must have \"zone\" parameter");
    zone.rate = rate * 1000 / scale;
    for (const LimitReqZone& other : b.http().limit_req_zones) {
        if (other.name == zone.name) {
            fail(d, d.name + " \"" + zone.name + "\" is already bound to key \"" + other.key + "\"");
        }
    }
    check_zone_unused(d, b.http().limit_conn_zones, zone.name);
    check_zone_unused(d, b.http().proxy_cache_zones, zone.name);
    b.http().limit_req_zones.push_back(std::move(zone));
}

LimitReq read_limit(BuildState& b, const Directive& d) {
    LimitReq limit;
    limit.where = d.where;
    for (const std::string& v : d.args) {
        if (v.starts_with("zone=")) {
            limit.zone = v.substr(5);
        } else if (v.starts_with("burst=")) {
            std::int64_t burst = atoi_or_error(std::string_view(v).substr(6));
            if (burst <= 0) fail(d, "invalid burst value \"" + v + "\"");
            limit.burst = burst * 1000;
        } else if (v.starts_with("delay=")) {
            std::int64_t delay = atoi_or_error(std::string_view(v).substr(6));
            if (delay <= 0) fail(d, "invalid delay value \"" + v + "\"");
            limit.delay = delay * 1000;
        } else if (v == "nodelay") {
            limit.delay = INT64_MAX / 1000 * 1000;  // as nginx: NGX_MAX_INT_T_VALUE / 1000, in milli-requests
        } else {
            fail(d, "invalid parameter \"" + v + "\"");
        }
    }
    if (limit.zone.empty()) fail(d, "\"" + d.name + "\" must have \"zone\" parameter");
    check_zone_unrepeated(d, b.scope().limit_req, limit.zone);
    check_zone_unused(d, b.http().proxy_cache_zones, limit.zone);
    return limit;
}

}  // namespace

void check_limit_req_zones(const Http& http) {
    check_zones_declared(http, &HttpScope::limit_req, http.limit_req_zones);
}

void add_limit_req_rows(std::vector<Row>& rows) {
    rows.push_back({"limit_req_zone", kHttp, kTake3, set_zone});
    rows.push_back(appended("limit_req", kHttpLevels, kTake123, &HttpScope::limit_req, read_limit));
    add_limit_rows(rows, {"limit_req_log_level", "limit_req_status", "limit_req_dry_run", &HttpScope::limit_req_log_level,
                          &HttpScope::limit_req_status, &HttpScope::limit_req_dry_run});
}

}  // namespace confparse
