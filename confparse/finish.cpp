// What nginx does when a server or the http block closes: default listen, merging http -> server ->
// location, upstream groups checked and resolved, duplicate locations, listen conflicts, unknown variables.
#include <unistd.h>

#include <set>

#include "confparse/address.hpp"
#include "confparse/setters.hpp"
#include "confparse/variables.hpp"

namespace confparse {
namespace {

void merge_scope(HttpScope& child, const HttpScope& parent) {
    for (const Row& row : schema()) {
        if (row.merge) row.merge(child, parent);
    }
}

void merge_locations(std::vector<Location>& locations, const HttpScope& parent) {
    for (Location& loc : locations) {
        merge_scope(loc.scope, parent);
        merge_locations(loc.locations, loc.scope);
    }
}

// nginx: "duplicate location" for two locations of one kind and name at one level.
void check_duplicate_locations(const std::vector<Location>& locations) {
    std::set<std::pair<int, std::string>> seen;
    for (const Location& loc : locations) {
        int kind = loc.match == Location::Match::Exact ? 1 : (loc.match == Location::Match::Regex ||
                                                              loc.match == Location::Match::RegexCaseless) ? 2 : 0;
        if (kind != 2 && !seen.insert({kind, loc.pattern}).second) {
            throw ConfigError("duplicate location \"" + loc.pattern + "\"", loc.where);
        }
        check_duplicate_locations(loc.locations);
    }
}

void init_upstreams(std::vector<Upstream>& groups) {
    for (Upstream& g : groups) {
        std::string at = " in " + g.where.file + ":" + std::to_string(g.where.line);
        if (!g.implicit) {
            if (g.servers.empty()) throw ConfigError("no servers are inside upstream" + at);
            continue;
        }
        UpstreamServer s;
        s.host = g.name;
        s.port = g.port;
        s.address = g.name + ":" + std::to_string(g.port);
        s.where = g.where;
        s.resolved = resolve_host(g.name, g.port);
        if (s.resolved.empty()) throw ConfigError("host not found in upstream \"" + g.name + "\"" + at);
        g.servers.push_back(std::move(s));
    }
}

std::string listen_key(const Listen& l) {
    std::string host = l.host.empty() ? (l.ipv6 ? "[::]" : "0.0.0.0") : (l.ipv6 ? "[" + l.host + "]" : l.host);
    return host + ":" + std::to_string(l.port);
}

// nginx's checks across servers: one default server per address, options only once per address.
void check_listens(const std::vector<Server>& servers) {
    std::set<std::string> defaults, with_options;
    for (const Server& s : servers) {
        for (const Listen& l : s.listens) {
            std::string key = listen_key(l);
            if (l.default_server && !defaults.insert(key).second) {
                throw ConfigError("a duplicate default server for " + key, l.where);
            }
            bool options = l.default_server || l.reuseport || l.backlog != -1;
            if (options && !with_options.insert(key).second && !l.default_server) {
                throw ConfigError("duplicate listen options for " + key, l.where);
            }
        }
    }
}

}  // namespace

void finish_server(BuildState& b, Server& s) {
    static_cast<void>(b);
    if (s.listens.empty()) {
        Listen l;
        l.port = getuid() == 0 ? 80 : 8000;  // as nginx: an unprivileged default
        l.text = std::to_string(l.port);
        l.where = s.where;
        s.listens.push_back(l);
    }
}

void finish_http(BuildState& b, const Directive&) {
    Http& http = b.http();
    init_upstreams(http.upstreams);
    merge_scope(http.scope, HttpScope{});
    for (Server& s : http.servers) {
        merge_scope(s.scope, http.scope);
        merge_locations(s.locations, s.scope);
    }
    for (const Server& s : http.servers) {
        for (const Listen& l : s.listens) {
            if (l.ssl && s.scope.ssl_certificate->empty()) {
                throw ConfigError("no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive", l.where);
            }
        }
        check_duplicate_locations(s.locations);
    }
    for (const VariableUse& v : b.variables) {
        if (!is_known_variable(v.name)) throw ConfigError("unknown \"" + v.name + "\" variable");
    }
    check_listens(http.servers);
}

}  // namespace confparse
