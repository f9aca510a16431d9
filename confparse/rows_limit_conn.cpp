// nginx's limit_conn module: limit_conn_zone, limit_conn, limit_conn_log_level, limit_conn_status,
// limit_conn_dry_run, with ngx_http_limit_conn_zone's and ngx_http_limit_conn's checks and messages.
#include "confparse/setters.hpp"
#include "confparse/shared_zone.hpp"

namespace confparse {
namespace {

// "limit_conn_zone KEY zone=NAME:SIZE"
void set_zone(BuildState& b, const Directive& d) {
    b.note_variables(d.args[0], d);
    LimitConnZone zone;
    zone.key = d.args[0];
    zone.where = d.where;
    if (d.args[1].rfind("zone=", 0) != 0) fail(d, "invalid parameter \"" + d.args[1] + "\"");
    read_zone_parameter(d, d.args[1], zone.name, zone.size);
    if (zone.name.empty()) fail(d, "\"" + d.name + "\" must have \"zone\" parameter");
    for (const LimitConnZone& other : b.http().limit_conn_zones) {
        if (other.name == zone.name) {
            fail(d, d.name + " \"" + zone.name + "\" is already bound to key \"" + other.key + "\"");
        }
    }
    check_zone_unused(d, b.http().limit_req_zones, zone.name);
    check_zone_unused(d, b.http().proxy_cache_zones, zone.name);
    b.http().limit_conn_zones.push_back(std::move(zone));
}

// "limit_conn ZONE NUMBER"
LimitConn read_limit(BuildState& b, const Directive& d) {
    LimitConn limit{d.args[0], 0, d.where};
    check_zone_unrepeated(d, b.scope().limit_conn, limit.zone);
    check_zone_unused(d, b.http().proxy_cache_zones, limit.zone);
    const std::string& n = d.args[1];
    auto number = n.find_first_not_of("0123456789") == std::string::npos ? parse_number(n) : std::nullopt;
    if (!number || *number <= 0) fail(d, "invalid number of connections \"" + n + "\"");
    if (*number > 65535) fail(d, "connection limit must be less 65536");
    limit.connections = *number;
    return limit;
}

}  // namespace

void check_limit_conn_zones(const Http& http) {
    check_zones_declared(http, &HttpScope::limit_conn, http.limit_conn_zones);
}

void add_limit_conn_rows(std::vector<Row>& rows) {
    rows.push_back({"limit_conn_zone", kHttp, kTake2, set_zone});
    rows.push_back(appended("limit_conn", kHttpLevels, kTake2, &HttpScope::limit_conn, read_limit));
    add_limit_rows(rows, {"limit_conn_log_level", "limit_conn_status", "limit_conn_dry_run",
                          &HttpScope::limit_conn_log_level, &HttpScope::limit_conn_status,
                          &HttpScope::limit_conn_dry_run});
}

}  // namespace confparse
