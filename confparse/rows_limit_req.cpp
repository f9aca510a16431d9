// nginx's limit_req module: limit_req_zone, limit_req, limit_req_log_level, limit_req_status,
// limit_req_dry_run, with ngx_http_limit_req_zone's and ngx_http_limit_req's checks and messages.
#include <algorithm>

#include "confparse/setters.hpp"

namespace confparse {
namespace {

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

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
        if (starts_with(v, "zone=")) {
            size_t colon = v.find(':', 5);
            if (colon == std::string::npos) fail(d, "invalid zone size \"" + v + "\"");
            zone.name = v.substr(5, colon - 5);
            auto size = parse_size(std::string_view(v).substr(colon + 1));
            if (!size) fail(d, "invalid zone size \"" + v + "\"");
            if (*size < 8 * 4096) fail(d, "zone \"" + v + "\" is too small");  // as nginx: 8 pages
            zone.size = *size;
            continue;
        }
        if (starts_with(v, "rate=")) {
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
    b.http().limit_req_zones.push_back(std::move(zone));
}

LimitReq read_limit(BuildState& b, const Directive& d) {
    LimitReq limit;
    limit.where = d.where;
    for (const std::string& v : d.args) {
        if (starts_with(v, "zone=")) {
            limit.zone = v.substr(5);
        } else if (starts_with(v, "burst=")) {
            std::int64_t burst = atoi_or_error(std::string_view(v).substr(6));
            if (burst <= 0) fail(d, "invalid burst value \"" + v + "\"");
            limit.burst = burst * 1000;
        } else if (starts_with(v, "delay=")) {
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
    const auto& own = b.scope().limit_req;
    if (own.is_set()) {
        for (const LimitReq& l : *own) {
            if (l.zone == limit.zone) fail_directive(d, "is duplicate");
        }
    }
    return limit;
}

void check_zones(const HttpScope& scope, const Http& http) {
    for (const LimitReq& limit : *scope.limit_req) {
        bool declared = std::any_of(http.limit_req_zones.begin(), http.limit_req_zones.end(),
                                    [&](const LimitReqZone& z) { return z.name == limit.zone; });
        if (!declared) throw ConfigError("zero size shared memory zone \"" + limit.zone + "\"");
    }
}

void check_location_zones(const std::vector<Location>& locations, const Http& http) {
    for (const Location& l : locations) {
        check_zones(l.scope, http);
        check_location_zones(l.locations, http);
    }
}

}  // namespace

// As nginx when it creates the shared memory zones: a limit_req naming a zone no limit_req_zone declared.
void check_limit_req_zones(const Http& http) {
    check_zones(http.scope, http);
    for (const Server& s : http.servers) {
        check_zones(s.scope, http);
        check_location_zones(s.locations, http);
    }
}

void add_limit_req_rows(std::vector<Row>& rows) {
    rows.push_back({"limit_req_zone", kHttp, kTake3, set_zone});
    rows.push_back(appended("limit_req", kHttpLevels, kTake123, &HttpScope::limit_req, read_limit));
    rows.push_back(scoped("limit_req_log_level", kHttpLevels, kTake1, &HttpScope::limit_req_log_level,
                          [](const Directive& d) {
        return read_enum<LogLevel>(d, {{"info", LogLevel::Info}, {"notice", LogLevel::Notice},
                                       {"warn", LogLevel::Warn}, {"error", LogLevel::Error}});
    }, LogLevel::Error));
    rows.push_back(scoped("limit_req_status", kHttpLevels, kTake1, &HttpScope::limit_req_status, [](const Directive& d) {
        std::int64_t code = read_number(d);
        if (code < 400 || code > 599) fail(d, "value must be between 400 and 599");
        return code;
    }, std::int64_t{503}));
    rows.push_back(flag("limit_req_dry_run", kHttpLevels, &HttpScope::limit_req_dry_run, false));
}

}  // namespace confparse
