// upstream blocks and the groups proxy_pass names (ngx_http_upstream_add's rules).
#include <strings.h>

#include "confparse/address.hpp"
#include "confparse/setters.hpp"

namespace confparse {

// Finds or adds the group a proxy_pass or an upstream block names, with nginx's conflicts:
// two blocks of one name, or a port given to a name that a block defines.
size_t add_upstream(BuildState& b, const Directive& d, const std::string& host, int port, bool no_port, bool create) {
    auto& groups = b.http().upstreams;
    for (size_t i = 0; i < groups.size(); ++i) {
        Upstream& g = groups[i];
        if (g.name.size() != host.size() || strncasecmp(g.name.c_str(), host.c_str(), host.size()) != 0) continue;
        if (create && !g.implicit) fail(d, "duplicate upstream \"" + host + "\"");
        if (!g.implicit && !no_port) {
            fail(d, "upstream \"" + host + "\" may not have port " + std::to_string(port));
        }
        if (create && !g.no_port) {
            throw ConfigError("upstream \"" + host + "\" may not have port " + std::to_string(g.port) + " in " +
                              g.where.file + ":" + std::to_string(g.where.line));
        }
        if (g.port && port && g.port != port) continue;
        if (create) {
            g.implicit = false;
            g.port = 0;
            g.where = d.where;
        }
        return i;
    }
    Upstream& g = groups.emplace_back();
    g.name = host;
    g.where = d.where;
    g.implicit = !create;
    g.port = create ? 0 : port;
    g.no_port = no_port;
    return groups.size() - 1;
}

namespace {

UpstreamServer read_server(const Directive& d, Upstream::Balance balance) {
    UpstreamServer s;
    s.where = d.where;
    s.address = d.args[0];
    for (size_t i = 1; i < d.args.size(); ++i) {
        const std::string& v = d.args[i];
        auto invalid = [&] { fail(d, "invalid parameter \"" + v + "\""); };
        if (v.rfind("weight=", 0) == 0) {
            auto n = parse_number(v.substr(7));
            if (!n || *n == 0) invalid();
            s.weight = *n;
        } else if (v.rfind("max_conns=", 0) == 0) {
            auto n = parse_number(v.substr(10));
            if (!n) invalid();
            s.max_conns = *n;
        } else if (v.rfind("max_fails=", 0) == 0) {
            auto n = parse_number(v.substr(10));
            if (!n) invalid();
            s.max_fails = *n;
        } else if (v.rfind("fail_timeout=", 0) == 0) {
            auto t = parse_sec(v.substr(13));
            if (!t) invalid();
            s.fail_timeout = *t * 1000;
        } else if (v == "backup") {
            // as nginx: only round-robin and least_conn have backups
            if (balance != Upstream::Balance::RoundRobin && balance != Upstream::Balance::LeastConn) {
                fail(d, "balancing method does not support parameter \"" + v + "\"");
            }
            s.backup = true;
        } else if (v == "down") {
            s.down = true;
        } else {
            invalid();
        }
    }
    std::string err;
    if (names_unix_socket(s.address)) {
        auto u = parse_unix_socket_url(s.address, false, err);
        if (!u) fail(d, err + " in upstream \"" + s.address + "\"");
        s.host = u->path;
        s.port = 0;
        s.resolved = {unix_peer_name(u->path)};
        return s;
    }
    auto hp = parse_host_port(s.address, false, err);
    if (!hp) fail(d, err + " in upstream \"" + s.address + "\"");
    s.host = hp->host;
    s.port = hp->has_port ? hp->port : 80;
    s.resolved = resolve_host(s.host, s.port);
    if (s.resolved.empty()) fail(d, "host not found in upstream \"" + s.address + "\"");
    return s;
}

// A balancing method's directive: the group's method from now on.
void set_balance(BuildState& b, const Directive& d, Upstream::Balance balance) {
    Upstream& group = *b.top().upstream;
    // as nginx, which also says so after "keepalive" (and then drops the pool: nproxy keeps it)
    if (group.balance != Upstream::Balance::RoundRobin || group.keepalive) b.warn(d, "load balancing method redefined");
    group.balance = balance;
}

template <class T>
Row upstream_once(std::string_view name, unsigned shape, T Upstream::*member, T (*read)(const Directive&)) {
    return {name, kUpstream, shape, [member, read](BuildState& b, const Directive& d) {
        b.set_once(d, b.top().upstream->*member, read(d));
    }};
}

}  // namespace

void add_upstream_rows(std::vector<Row>& rows) {
    Row upstream{"upstream", kHttp, kBlock | kTake1};
    upstream.set = [](BuildState& b, const Directive& d) {
        // as nginx: the block's name is taken as written, not parsed as an address ("u:80" is a name)
        size_t i = add_upstream(b, d, d.args[0], 0, true, true);
        b.frames.push_back(Frame{kUpstream, nullptr, nullptr, nullptr, &b.http().upstreams[i]});
    };
    rows.push_back(upstream);

    rows.push_back({"server", kUpstream, k1More, [](BuildState& b, const Directive& d) {
        Upstream& group = *b.top().upstream;
        group.servers.push_back(read_server(d, group.balance));
    }});
    for (auto [name, balance] : {std::pair{"least_conn", Upstream::Balance::LeastConn},
                                 std::pair{"ip_hash", Upstream::Balance::IpHash}}) {
        // a named copy: clang before 16 (the fuzz build's) cannot capture a structured binding
        rows.push_back({name, kUpstream, kNoArgs,
                        [balance = balance](BuildState& b, const Directive& d) { set_balance(b, d, balance); }});
    }
    // "hash KEY [consistent]": the key's variables are checked before the method is set, as nginx
    rows.push_back({"hash", kUpstream, kTake12, [](BuildState& b, const Directive& d) {
        b.note_variables(d.args[0], d);
        bool consistent = d.args.size() == 2;
        set_balance(b, d, consistent ? Upstream::Balance::HashConsistent : Upstream::Balance::Hash);
        if (consistent && d.args[1] != "consistent") fail(d, "invalid parameter \"" + d.args[1] + "\"");
        b.top().upstream->hash_key = d.args[0];
    }});
    // "random [two [least_conn]]"
    rows.push_back({"random", kUpstream, kNoArgs | kTake12, [](BuildState& b, const Directive& d) {
        set_balance(b, d, d.args.empty() ? Upstream::Balance::Random : Upstream::Balance::RandomTwo);
        if (!d.args.empty() && d.args[0] != "two") fail(d, "invalid parameter \"" + d.args[0] + "\"");
        if (d.args.size() == 2 && d.args[1] != "least_conn") fail(d, "invalid parameter \"" + d.args[1] + "\"");
    }});
    rows.push_back({"keepalive", kUpstream, kTake1, [](BuildState& b, const Directive& d) {
        auto n = parse_number(d.args[0]);
        if (!n || *n == 0) fail(d, "invalid value \"" + d.args[0] + "\" in \"" + d.name + "\" directive");
        b.set_once(d, b.top().upstream->keepalive, *n);
    }});
    rows.push_back(upstream_once<Msec>("keepalive_timeout", kTake1, &Upstream::keepalive_timeout,
                                       [](const Directive& d) { return read_msec(d); }));
    rows.push_back(upstream_once<Msec>("keepalive_time", kTake1, &Upstream::keepalive_time,
                                       [](const Directive& d) { return read_msec(d); }));
    rows.push_back(upstream_once<std::int64_t>("keepalive_requests", kTake1, &Upstream::keepalive_requests,
                                               [](const Directive& d) { return read_number(d); }));
    rows.push_back({"zone", kUpstream, kTake12, [](BuildState& b, const Directive& d) {
        if (d.args.size() == 2) {
            auto size = parse_size(d.args[1]);
            if (!size) fail(d, "invalid zone size \"" + d.args[1] + "\"");
        }
        b.top().upstream->zone = d.args[0];  // as nginx: a second "zone" replaces the first
    }});
}

}  // namespace confparse
