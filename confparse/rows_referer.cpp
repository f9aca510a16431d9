// nginx's referer module: valid_referers, referer_hash_max_size, referer_hash_bucket_size; and its merge,
// which adds the server's names and checks what the level's hash would be built of.
#include "confparse/hostname_key.hpp"
#include "confparse/setters.hpp"

namespace confparse {
namespace {

void add_host(ValidReferers& v, const std::string& host, std::string uri, const SourceRef& where) {
    HostnameKey k = file_hostname_key(host, true, v.taken, where);
    (k.kind == HostnameKey::Kind::Exact ? v.exact : v.wildcards).push_back({k.key, std::move(uri)});
}

void set_valid_referers(BuildState& b, const Directive& d) {
    auto& own = b.scope().valid_referers;
    if (!own.is_set()) {
        own.value = std::make_shared<ValidReferers>();
        own.where = d.where;
    }
    ValidReferers& v = **own;
    for (const std::string& arg : d.args) {
        if (arg.empty()) fail(d, "invalid referer \"\"");
        if (arg == "none") {
            v.none = true;
        } else if (arg == "blocked") {
            v.blocked = true;
        } else if (arg == "server_names") {
            v.server_names = true;
        } else if (arg[0] == '~') {
            if (arg.size() == 1) fail(d, "empty regex in \"~\"");
            v.regexes.push_back({arg.substr(1), d.where});
        } else {  // "host" or "host/uri-prefix"
            size_t slash = arg.find('/');
            add_host(v, arg.substr(0, slash), slash == std::string::npos ? "" : arg.substr(slash), d.where);
        }
    }
}

// What ngx_hash_init refuses (for the exact names, and each label of the wildcards' names), with nginx's
// bucket size rounded up to a cache line.
void check_hash(const ValidReferers& v, std::int64_t max_size, std::int64_t bucket_size) {
    if (v.exact.empty() && v.wildcards.empty()) return;
    const std::string what = "could not build referer_hash, ";
    bucket_size = (bucket_size + 63) / 64 * 64;
    if (max_size == 0) throw ConfigError(what + "you should increase referer_hash_max_size: 0");
    if (bucket_size > 65536 - 64) {
        throw ConfigError(what + "too large referer_hash_bucket_size: " + std::to_string(bucket_size));
    }
    auto fits = [&](size_t len) { return bucket_size >= static_cast<std::int64_t>(8 + (len + 2 + 7) / 8 * 8 + 8); };
    auto refuse = [&] {
        throw ConfigError(what + "you should increase referer_hash_bucket_size: " + std::to_string(bucket_size));
    };
    for (const RefererHost& h : v.exact) {
        if (!fits(h.key.size())) refuse();
    }
    for (const RefererHost& h : v.wildcards) {
        std::string name = h.key[0] == '*'   ? h.key.substr(2)
                           : h.key[0] == '.' ? h.key.substr(1)
                                             : h.key.substr(0, h.key.size() - 2);
        for (size_t start = 0; start <= name.size();) {
            size_t dot = std::min(name.find('.', start), name.size());
            if (!fits(dot - start)) refuse();
            start = dot + 1;
        }
    }
}

// As ngx_http_referer_merge_conf: a level without valid_referers takes its parent's; one with them adds
// its server's names when "server_names" is there, and takes its parent's regexes when it has none.
void merge_level(HttpScope& child, const HttpScope& parent, const Server& server, const SourceRef& http_end) {
    auto& own = child.valid_referers;
    if (!own.is_set()) {
        own = parent.valid_referers;
        return;
    }
    ValidReferers& v = **own;
    if (v.server_names) {
        for (const ServerName& n : server.names) {
            if (n.kind == ServerName::Kind::Regex) {
                v.server_name_regexes.push_back({n.name, n.where});
            } else {  // as nginx, a conflict with a name given is reported at the end of http
                add_host(v, n.text, "", http_end);
            }
        }
        if (server.names.empty()) add_host(v, "", "", http_end);  // as nginx's server without server_name: ""
    }
    if ((v.none || v.blocked) && v.exact.empty() && v.wildcards.empty()) {
        throw ConfigError(
            "the \"none\" or \"blocked\" referers are specified in the \"valid_referers\" directive "
            "without any valid referer");
    }
    check_hash(v, *child.referer_hash_max_size, *child.referer_hash_bucket_size);
    if (!parent.valid_referers.is_set()) return;
    if (v.regexes.empty()) v.regexes = (*parent.valid_referers)->regexes;
    if (v.server_name_regexes.empty()) v.server_name_regexes = (*parent.valid_referers)->server_name_regexes;
}

void merge_locations(std::vector<Location>& locations, const HttpScope& parent, const Server& server,
                     const SourceRef& http_end) {
    for (Location& loc : locations) {
        merge_level(loc.scope, parent, server, http_end);
        merge_locations(loc.locations, loc.scope, server, http_end);
    }
}

}  // namespace

void merge_referers(const BuildState& b, Http& http) {
    for (Server& s : http.servers) {
        merge_level(s.scope, http.scope, s, b.block_end);
        merge_locations(s.locations, s.scope, s, b.block_end);
    }
}

void add_referer_rows(std::vector<Row>& rows) {
    rows.push_back({"valid_referers", kServer | kLocation, k1More, set_valid_referers});
    auto number = [](const Directive& d) { return read_number(d); };
    rows.push_back(scoped("referer_hash_max_size", kServer | kLocation, kTake1, &HttpScope::referer_hash_max_size,
                          number, std::int64_t{2048}));
    rows.push_back(scoped("referer_hash_bucket_size", kServer | kLocation, kTake1, &HttpScope::referer_hash_bucket_size,
                          number, std::int64_t{64}));
}

}  // namespace confparse
