// nginx's proxy cache directives (proxy_cache_path, proxy_cache, proxy_cache_key, ...), read and checked
// as nginx 1.22 does, with its messages. nproxy does not cache: every request goes to the upstream, which
// never changes an answer's content, so these are accepted with a warning per cache rather than refused.
#include <algorithm>

#include "confparse/setters.hpp"
#include "confparse/shared_zone.hpp"

namespace confparse {

const std::initializer_list<Named<unsigned>>& next_upstream_names();

namespace {

// nginx's ngx_http_upstream_cache_method_mask, by its NGX_HTTP_* bits
enum CacheMethod : unsigned { kCacheGet = 0x0002, kCacheHead = 0x0004, kCachePost = 0x0008 };

// ngx_http_file_cache_set_slot's levels: up to three levels of 1 or 2, ':' between; nothing is valid too.
bool valid_levels(std::string_view v) {
    constexpr size_t kMaxLevels = 3;  // NGX_MAX_PATH_LEVEL
    size_t p = 0;
    for (size_t n = 0; n < kMaxLevels && p < v.size(); n++) {
        if (v[p] != '1' && v[p] != '2') return false;
        if (++p == v.size()) break;
        if (v[p++] != ':' || n == kMaxLevels - 1 || p == v.size()) return false;
    }
    return true;
}

// As nginx's one namespace of shared memory zones: a name the limit modules or ssl_session_cache took,
// declared or only named so far, cannot be a cache's.
void check_zone_of_proxy(const Directive& d, const Http& http, const std::string& name) {
    check_zone_unused(d, http.limit_req_zones, name);
    check_zone_unused(d, http.limit_conn_zones, name);
    for_each_scope(http, [&](const HttpScope& scope) {
        bool taken = scope.ssl_session_cache.is_set() && scope.ssl_session_cache->shared_name == name;
        if (scope.limit_req.is_set()) {
            for (const LimitReq& l : *scope.limit_req) taken = taken || l.zone == name;
        }
        if (scope.limit_conn.is_set()) {
            for (const LimitConn& l : *scope.limit_conn) taken = taken || l.zone == name;
        }
        if (taken) fail_zone_taken(d, name);
    });
}

// The keys zone a proxy_cache_path names, after nginx's ngx_add_path and ngx_shared_memory_add: one
// folder per cache, and one namespace of shared memory zones, where proxy_cache may have named it first.
void add_cache_zone(BuildState& b, const Directive& d, ProxyCacheZone zone) {
    auto& zones = b.http().proxy_cache_zones;
    for (const ProxyCacheZone& other : zones) {
        if (other.size && other.path_compared == zone.path_compared) {
            fail(d, "the same path name \"" + zone.path + "\" used in " + other.where.file + ":" +
                        std::to_string(other.where.line) + " and");
        }
    }
    check_zone_of_proxy(d, b.http(), zone.name);
    for (ProxyCacheZone& other : zones) {
        if (other.name != zone.name) continue;
        if (other.size == 0) {
            other = std::move(zone);
            return;
        }
        if (other.size != zone.size) {
            fail(d, "the size " + std::to_string(zone.size) + " of shared memory zone \"" + zone.name +
                        "\" conflicts with already declared size " + std::to_string(other.size));
        }
        fail(d, "duplicate zone \"" + zone.name + "\"");
    }
    zones.push_back(std::move(zone));
}

// "proxy_cache_path PATH [levels=] keys_zone=NAME:SIZE [inactive=] [max_size=] ...", as
// ngx_http_file_cache_set_slot checks it.
void set_cache_path(BuildState& b, const Directive& d) {
    ProxyCacheZone zone;
    std::string path = d.args[0];
    if (!path.empty() && path.back() == '/') path.pop_back();
    zone.path = b.prefix_path(path);
    // as nginx, whose comparison still sees the '/' it cut from an absolute name (only relative ones are copied)
    zone.path_compared = path.empty() || path[0] != '/' ? zone.path : d.args[0];
    zone.where = d.where;
    // the parameters that are a number, a size or a time, with how each reads
    struct Parameter {
        std::string_view prefix;
        std::optional<std::int64_t> (*parse)(std::string_view);
    };
    static constexpr Parameter kParameters[] = {
        {"inactive=", parse_sec},         {"max_size=", parse_offset},    {"min_free=", parse_offset},
        {"loader_files=", parse_number},  {"loader_sleep=", parse_msec},  {"loader_threshold=", parse_msec},
        {"manager_files=", parse_number}, {"manager_sleep=", parse_msec}, {"manager_threshold=", parse_msec},
    };
    for (size_t i = 1; i < d.args.size(); ++i) {
        const std::string& v = d.args[i];
        if (v.starts_with("levels=")) {
            if (!valid_levels(std::string_view(v).substr(7))) fail(d, "invalid \"levels\" \"" + v + "\"");
            continue;
        }
        if (v.starts_with("use_temp_path=")) {
            if (v != "use_temp_path=on" && v != "use_temp_path=off") {
                fail(d, "invalid use_temp_path value \"" + v + "\", it must be \"on\" or \"off\"");
            }
            continue;
        }
        if (v.starts_with("keys_zone=")) {
            size_t colon = v.find(':', 10);
            auto size = colon == std::string::npos ? std::nullopt : parse_size(std::string_view(v).substr(colon + 1));
            if (!size) fail(d, "invalid keys zone size \"" + v + "\"");
            if (*size < 2 * 4096) fail(d, "keys zone \"" + v + "\" is too small");  // as nginx: 2 pages
            zone.name = v.substr(10, colon - 10);
            zone.size = *size;
            continue;
        }
        auto known = std::find_if(std::begin(kParameters), std::end(kParameters),
                                  [&](const Parameter& p) { return v.starts_with(p.prefix); });
        if (known == std::end(kParameters)) fail(d, "invalid parameter \"" + v + "\"");
        if (!known->parse(std::string_view(v).substr(known->prefix.size()))) {
            std::string_view what = known->prefix.substr(0, known->prefix.size() - 1);
            fail(d, "invalid " + std::string(what) + " value \"" + v + "\"");
        }
    }
    if (zone.name.empty() || zone.size == 0) fail(d, "\"" + d.name + "\" must have \"keys_zone\" parameter");
    add_cache_zone(b, d, std::move(zone));
    b.warn(d, "\"proxy_cache_path\" is read but nproxy does not cache: every response is fetched from the upstream");
}

// "proxy_cache off | ZONE", ZONE maybe with variables; a name without is a shared zone, known when http
// closes (see check_proxy_cache_zones).
void set_cache(BuildState& b, const Directive& d) {
    auto& s = b.scope().proxy_cache;
    if (s.is_set()) fail_directive(d, "is duplicate");
    const std::string& v = d.args[0];
    if (v != "off" && b.scope().proxy_store.is_set() && !b.scope().proxy_store->empty()) {
        fail_directive(d, "is incompatible with \"proxy_store\"");
    }
    s = {v == "off" ? "" : v, d.where};
    if (v == "off") return;
    b.note_variables(v, d);
    if (v.find('$') != std::string::npos) return;
    check_zone_of_proxy(d, b.http(), v);
    auto& zones = b.http().proxy_cache_zones;
    bool named = std::any_of(zones.begin(), zones.end(), [&](const ProxyCacheZone& z) { return z.name == v; });
    if (named) return;
    ProxyCacheZone named_here;
    named_here.name = v;
    named_here.where = d.where;
    zones.push_back(std::move(named_here));
}

// proxy_cache_valid [CODE ...] TIME: the codes 100-599 or "any".
void check_cache_valid(const Directive& d) {
    const std::string& time = d.args.back();
    if (!parse_sec(time)) fail(d, "invalid time value \"" + time + "\"");
    for (size_t i = 0; i + 1 < d.args.size(); ++i) {
        if (d.args[i] == "any") continue;
        auto status = parse_number(d.args[i]);
        if (!status || *status < 100 || *status > 599) fail(d, "invalid status \"" + d.args[i] + "\"");
    }
}

// proxy_cache_bypass and proxy_no_cache: nginx's predicate slot, values with variables.
Row predicate(std::string_view name) {
    return {name, kHttpLevels, k1More, [](BuildState& b, const Directive& d) {
                for (const std::string& v : d.args) b.note_variables(v, d);
            }};
}

}  // namespace

// As nginx's proxy merge: a server or location whose proxy_cache (its own or inherited) names a zone no
// proxy_cache_path declared fails at the end of http; a name only the http level gives, with no server
// to inherit it, fails later as a shared zone of no size.
void check_proxy_cache_zones(const BuildState& b, const Http& http) {
    auto declared = [&](const std::string& name) {
        return std::any_of(http.proxy_cache_zones.begin(), http.proxy_cache_zones.end(),
                           [&](const ProxyCacheZone& z) { return z.name == name && z.size; });
    };
    for_each_scope(http, [&](const HttpScope& scope) {
        const std::string& zone = *scope.proxy_cache;
        if (&scope == &http.scope || zone.empty() || zone.find('$') != std::string::npos) return;
        if (!declared(zone)) throw ConfigError("\"proxy_cache\" zone \"" + zone + "\" is unknown", b.block_end);
    });
    // nginx makes the shared zones after "syntax is ok"; a cache's own state fills three 4096-byte pages
    for (const ProxyCacheZone& z : http.proxy_cache_zones) {
        if (z.size && z.size >= 3 * 4096) continue;
        ConfigError e(z.size ? "ngx_slab_alloc() failed: no memory"
                             : "zero size shared memory zone \"" + z.name + "\"");
        if (z.size) e.set_level("crit");
        e.set_after_syntax_ok();
        throw e;
    }
}

void add_proxy_cache_rows(std::vector<Row>& rows) {
    rows.push_back({"proxy_cache_path", kHttp, k2More, set_cache_path});
    Row cache{"proxy_cache", kHttpLevels, kTake1, set_cache};
    cache.merge = [](HttpScope& child, const HttpScope& parent) {
        child.proxy_cache.merge(parent.proxy_cache, std::string());
    };
    rows.push_back(cache);
    Row key = scoped("proxy_cache_key", kHttpLevels, kTake1, &HttpScope::proxy_cache_key, arg0, std::string());
    key.set = [plain = key.set](BuildState& b, const Directive& d) {
        plain(b, d);
        b.note_variables(d.args[0], d);
    };
    rows.push_back(key);
    rows.push_back(accepted("proxy_cache_valid", kHttpLevels, k1More, check_cache_valid));
    rows.push_back(bitmask("proxy_cache_methods", &HttpScope::proxy_cache_methods,
                           {{"GET", kCacheGet}, {"HEAD", kCacheHead}, {"POST", kCachePost}}, 0));
    rows.push_back(scoped(
        "proxy_cache_min_uses", kHttpLevels, kTake1, &HttpScope::proxy_cache_min_uses,
        [](const Directive& d) { return read_number(d); }, std::int64_t{1}));
    rows.push_back(predicate("proxy_cache_bypass"));
    rows.push_back(predicate("proxy_no_cache"));
    rows.push_back(
        bitmask("proxy_cache_use_stale", &HttpScope::proxy_cache_use_stale, next_upstream_names(), kNextOff));
    rows.push_back(flag("proxy_cache_lock", kHttpLevels, &HttpScope::proxy_cache_lock, false));
    rows.push_back(msec("proxy_cache_lock_timeout", kHttpLevels, &HttpScope::proxy_cache_lock_timeout, 5000));
    rows.push_back(msec("proxy_cache_lock_age", kHttpLevels, &HttpScope::proxy_cache_lock_age, 5000));
    rows.push_back(flag("proxy_cache_revalidate", kHttpLevels, &HttpScope::proxy_cache_revalidate, false));
    rows.push_back(
        flag("proxy_cache_background_update", kHttpLevels, &HttpScope::proxy_cache_background_update, false));
    rows.push_back(flag("proxy_cache_convert_head", kHttpLevels, &HttpScope::proxy_cache_convert_head, true));
    rows.push_back(scoped(
        "proxy_cache_max_range_offset", kHttpLevels, kTake1, &HttpScope::proxy_cache_max_range_offset,
        [](const Directive& d) { return read_offset(d); }, Size{INT64_MAX}));
}

}  // namespace confparse
