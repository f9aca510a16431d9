#pragma once
// What limit_req_zone and limit_conn_zone read alike: the "zone=NAME:SIZE" parameter, and nginx's checks
// that a level names a zone once and that every zone a limit names was declared.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "confparse/config.hpp"
#include "confparse/schema.hpp"
#include "confparse/setters.hpp"
#include "confparse/tree.hpp"

namespace confparse {

// "zone=NAME:SIZE" into name and size, with nginx's messages (a size below 8 pages is too small).
void read_zone_parameter(const Directive& d, const std::string& value, std::string& name, std::int64_t& size);

// Calls `visit` for the http level, every server and every location (nested ones too).
void for_each_scope(const Http& http, const std::function<void(const HttpScope&)>& visit);

// nginx's one namespace of shared memory zones: a name another module took already.
[[noreturn]] void fail_zone_taken(const Directive& d, const std::string& name);
template <class Zones>
void check_zone_unused(const Directive& d, const Zones& others, const std::string& name) {
    for (const auto& z : others) {
        if (z.name == name) fail_zone_taken(d, name);
    }
}

// As nginx: a level may name a zone in one limit (limit_req, limit_conn) directive only, else "is duplicate".
template <class Limit>
void check_zone_unrepeated(const Directive& d, const Setting<std::vector<Limit>>& own, const std::string& zone) {
    if (!own.is_set()) return;
    for (const Limit& l : *own) {
        if (l.zone == zone) fail_directive(d, "is duplicate");
    }
}

// As nginx when it creates the shared memory zones: every zone a limit (limit_req, limit_conn) names at
// any level was declared by its *_zone directive, else "zero size shared memory zone".
template <class Limit, class Zone>
void check_zones_declared(const Http& http, Setting<std::vector<Limit>> HttpScope::*limits,
                          const std::vector<Zone>& zones) {
    for_each_scope(http, [&](const HttpScope& scope) {
        for (const Limit& limit : *(scope.*limits)) {
            bool declared = false;
            for (const Zone& z : zones) declared = declared || z.name == limit.zone;
            if (!declared) throw ConfigError("zero size shared memory zone \"" + limit.zone + "\"");
        }
    });
}

// The rows both limit modules have alike: NAME_log_level (info..error, default error), NAME_status
// (400-599, default 503) and NAME_dry_run; the names are given whole, as string literals.
struct LimitRows {
    std::string_view log_level, status, dry_run;
    Setting<LogLevel> HttpScope::*log_level_member;
    Setting<std::int64_t> HttpScope::*status_member;
    Setting<bool> HttpScope::*dry_run_member;
};
void add_limit_rows(std::vector<Row>& rows, const LimitRows& limit);

}  // namespace confparse
