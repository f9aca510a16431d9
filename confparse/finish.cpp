// What nginx does when a server or the http block closes: default listen, merging http -> server ->
// location, upstream groups checked and resolved, duplicate locations, listen conflicts, unknown variables.
#include <unistd.h>

#include <algorithm>
#include <set>

#include "confparse/address.hpp"
#include "confparse/setters.hpp"
#include "confparse/variables.hpp"

namespace confparse {

RedirectRule default_redirect(const Location& loc);
void check_limit_req_zones(const Http& http);
void check_limit_conn_zones(const Http& http);
void check_proxy_cache_zones(const BuildState& b, const Http& http);
void check_charsets(const Http& http);
void merge_referers(const BuildState& b, Http& http);

namespace {

void merge_scope(HttpScope& child, const HttpScope& parent) {
    for (const Row& row : schema()) {
        if (row.merge) row.merge(child, parent);
    }
}

void merge_locations(std::vector<Location>& locations, const Location* parent_location, const HttpScope& parent) {
    for (Location& loc : locations) {
        merge_scope(loc.scope, parent);
        // as nginx's proxy module: an "if" or limit_except without proxy_pass proxies as the location around it
        bool nameless = loc.match == Location::Match::If || loc.match == Location::Match::LimitExcept;
        if (nameless && loc.proxy_pass.url.empty()) loc.proxy_pass = parent_location->proxy_pass;
        // as nginx's proxy merge: proxy_pass without proxy_redirect here or above means "default"
        auto& redirect = loc.scope.proxy_redirect;
        if (!redirect.is_set() && !loc.proxy_pass.url.empty() && !loc.proxy_pass.has_variables) {
            redirect = {ProxyRedirects{false, {default_redirect(loc)}}, loc.proxy_pass.where};
        }
        merge_locations(loc.locations, &loc, loc.scope);
    }
}

// nginx: "duplicate location" for two locations of one kind and name at one level.
void check_duplicate_locations(const std::vector<Location>& locations) {
    std::set<std::pair<int, std::string>> seen;
    for (const Location& loc : locations) {
        int kind = loc.match == Location::Match::Exact ? 1 : (loc.match == Location::Match::Regex ||
                                                              loc.match == Location::Match::RegexCaseless) ? 2 : 0;
        // as nginx: regex, named and "if" locations are never compared
        bool unnamed = loc.match == Location::Match::Named || loc.match == Location::Match::If ||
                       loc.match == Location::Match::LimitExcept;
        if (kind != 2 && !unnamed && !seen.insert({kind, loc.pattern}).second) {
            throw ConfigError("duplicate location \"" + loc.pattern + "\"", loc.where);
        }
        check_duplicate_locations(loc.locations);
    }
}

// nginx compiles proxy_set_header values in the proxy module's merge, once per level that sets them, with
// the closing '}' of http as the place of any error; their variables are registered then, after the rest.
void compile_proxy_headers(BuildState& b, const Http& http) {
    std::set<std::pair<std::string, int>> done;
    Directive at{"proxy_set_header", {}, b.block_end, false, {}};
    auto compile = [&](const HttpScope& s) {
        const auto& h = s.proxy_set_header;
        if (h->empty() || !done.insert({h.where.file, h.where.line}).second) return;
        for (const KeyValue& kv : *h) b.note_variables(kv.value, at);
    };
    auto locations = [&](auto& self, const std::vector<Location>& list) -> void {
        for (const Location& l : list) {
            compile(l.scope);
            self(self, l.locations);
        }
    };
    for (const Server& s : http.servers) {
        compile(s.scope);
        locations(locations, s.locations);
    }
}

void init_upstreams(std::vector<Upstream>& groups) {
    for (Upstream& g : groups) {
        std::string at = " in " + g.where.file + ":" + std::to_string(g.where.line);
        if (!g.implicit) {
            if (g.servers.empty()) throw ConfigError("no servers are inside upstream" + at);
            // as nginx's round-robin setup: backups alone make no group (hash, ip_hash and random divide
            // by the primaries' weight)
            bool backups_only = std::all_of(g.servers.begin(), g.servers.end(), [](auto& s) { return s.backup; });
            if (backups_only) throw ConfigError("no servers in upstream \"" + g.name + "\"" + at);
            continue;
        }
        UpstreamServer s;
        s.host = g.name;
        s.port = g.port;
        s.where = g.where;
        if (g.unix_socket) {
            s.address = unix_peer_name(g.name);
            s.resolved = {s.address};
            g.servers.push_back(std::move(s));
            continue;
        }
        s.address = g.name + ":" + std::to_string(g.port);
        s.resolved = resolve_host(g.name, g.port);
        if (s.resolved.empty()) throw ConfigError("host not found in upstream \"" + g.name + "\"" + at);
        g.servers.push_back(std::move(s));
    }
}

// nginx's ngx_hash_add_key rules for a server name used in a hash: one '*' at most, no "..", and a
// '*' only as "*.name" or "name.*".
bool hashable_name(const std::string& n) {
    if (std::count(n.begin(), n.end(), '*') > 1 || n.find("..") != std::string::npos) return false;
    if (n.size() > 1 && n[0] == '.') return true;
    if (n.size() > 2 && (n.rfind("*.", 0) == 0 || n.compare(n.size() - 2, 2, ".*") == 0)) return true;
    return n.find('*') == std::string::npos;
}

bool is_wildcard_address(const ListenAddr& a) {
    return a.text.rfind("0.0.0.0:", 0) == 0 || a.text.rfind("[::]:", 0) == 0;
}

// nginx's ngx_http_ssl_init: the default server of every ssl address needs a certificate; when it rejects
// handshakes instead, every server on the address does.
void check_ssl_listens(const BuildState& b, const Http& http) {
    for (const ListenPort& port : b.ports) {
        for (const ListenAddr& addr : port.addrs) {
            if (!addr.ssl) continue;
            auto lacks = [&](const Server& s) {
                return s.scope.ssl_certificate->empty() && !*s.scope.ssl_reject_handshake;
            };
            auto fail_for = [](const Server& s) {
                throw ConfigError("no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive in " +
                                  s.where.file + ":" + std::to_string(s.where.line));
            };
            const Server& def = http.servers[addr.default_server];
            if (!def.scope.ssl_certificate->empty()) continue;
            if (lacks(def)) fail_for(def);
            for (size_t i : addr.servers) {
                if (lacks(http.servers[i])) fail_for(http.servers[i]);
            }
        }
    }
}

// nginx's ngx_http_server_names, run only for an address with several servers (or a default server whose
// regex name captures): a name that cannot be hashed is reported with the address, not a line.
void check_server_names(const BuildState& b, const Http& http) {
    for (const ListenPort& port : b.ports) {
        std::vector<const ListenAddr*> addrs;
        for (const ListenAddr& a : port.addrs) addrs.push_back(&a);
        // as nginx sorts them before this step: wildcard addresses last
        std::stable_sort(addrs.begin(), addrs.end(), [](const ListenAddr* x, const ListenAddr* y) {
            return !is_wildcard_address(*x) && is_wildcard_address(*y);
        });
        for (const ListenAddr* a : addrs) {
            const Server& def = http.servers[a->default_server];
            bool captures = std::any_of(def.names.begin(), def.names.end(), [](const ServerName& n) { return n.captures; });
            if (a->servers.size() < 2 && !captures) continue;
            for (size_t i : a->servers) {
                for (const ServerName& n : http.servers[i].names) {
                    if (n.kind == ServerName::Kind::Regex || hashable_name(n.text)) continue;
                    throw ConfigError("invalid server name or wildcard \"" + n.text + "\" on " + a->text);
                }
            }
        }
    }
}

}  // namespace

// What ngx_http_block does once the block is read, in its order: merge every level (module by module, the
// upstream module's groups checked after the core merge), build the location trees (duplicates), the
// postconfiguration checks (ssl listens), the variables, then the addresses and server names.
void finish_http(BuildState& b, const Directive&) {
    Http& http = b.http();
    if (!http.scope.access_log.is_set()) {
        // as nginx: without any access_log at the http level, requests go to logs/access.log, combined
        AccessLog log;
        log.path = b.prefix_path("logs/access.log");
        log.where = http.where;
        http.scope.access_log.value = std::vector<AccessLog>{log};
    }
    // as nginx: the root no level sets is "html" under the prefix
    if (!http.scope.root.is_set()) http.scope.root.value = b.prefix_path("html");
    merge_scope(http.scope, HttpScope{});
    for (Server& s : http.servers) {
        merge_scope(s.scope, http.scope);
        if (s.scope.large_client_header_buffers->size < *s.scope.connection_pool_size) {
            throw ConfigError("the \"large_client_header_buffers\" size must be equal to or greater than "
                              "\"connection_pool_size\"", b.block_end);
        }
        if (!s.scope.ssl_session_ticket_key->empty()) s.scope.ssl_session_ticket_key.where = b.block_end;
        merge_locations(s.locations, nullptr, s.scope);
    }
    init_upstreams(http.upstreams);
    merge_referers(b, http);
    compile_proxy_headers(b, http);
    for (const Server& s : http.servers) check_duplicate_locations(s.locations);
    check_ssl_listens(b, http);
    check_charsets(http);
    for (const VariableUse& v : b.variables) {
        if (!is_known_variable(v.name) && !b.defined_variables.count(v.name)) throw ConfigError("unknown \"" + v.name + "\" variable");
    }
    check_server_names(b, http);
    check_limit_req_zones(http);
    check_limit_conn_zones(http);
    check_proxy_cache_zones(b, http);
    http.variables = b.defined_variables;
    http.quiet_variables = b.quiet_variables;
}

}  // namespace confparse
