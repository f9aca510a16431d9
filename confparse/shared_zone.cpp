#include "confparse/shared_zone.hpp"

#include "confparse/setters.hpp"

namespace confparse {
namespace {

void visit_locations(const std::vector<Location>& locations, const std::function<void(const HttpScope&)>& visit) {
    for (const Location& l : locations) {
        visit(l.scope);
        visit_locations(l.locations, visit);
    }
}

}  // namespace

void fail_zone_taken(const Directive& d, const std::string& name) {
    fail(d, "the shared memory zone \"" + name + "\" is already declared for a different use");
}

void read_zone_parameter(const Directive& d, const std::string& value, std::string& name, std::int64_t& size) {
    size_t colon = value.find(':', 5);
    if (colon == std::string::npos) fail(d, "invalid zone size \"" + value + "\"");
    name = value.substr(5, colon - 5);
    auto parsed = parse_size(std::string_view(value).substr(colon + 1));
    if (!parsed) fail(d, "invalid zone size \"" + value + "\"");
    if (*parsed < 8 * 4096) fail(d, "zone \"" + value + "\" is too small");  // as nginx: 8 pages
    size = *parsed;
}

void for_each_scope(const Http& http, const std::function<void(const HttpScope&)>& visit) {
    visit(http.scope);
    for (const Server& s : http.servers) {
        visit(s.scope);
        visit_locations(s.locations, visit);
    }
}

void add_limit_rows(std::vector<Row>& rows, const LimitRows& limit) {
    rows.push_back(scoped(limit.log_level, kHttpLevels, kTake1, limit.log_level_member, [](const Directive& d) {
        return read_enum<LogLevel>(d, {{"info", LogLevel::Info}, {"notice", LogLevel::Notice},
                                       {"warn", LogLevel::Warn}, {"error", LogLevel::Error}});
    }, LogLevel::Error));
    rows.push_back(scoped(limit.status, kHttpLevels, kTake1, limit.status_member, [](const Directive& d) {
        std::int64_t code = read_number(d);
        if (code < 400 || code > 599) fail(d, "value must be between 400 and 599");
        return code;
    }, std::int64_t{503}));
    rows.push_back(flag(limit.dry_run, kHttpLevels, limit.dry_run_member, false));
}

}  // namespace confparse
