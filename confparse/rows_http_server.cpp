// The http block and its structure: server, listen, server_name, location.
#include <unistd.h>

#include <algorithm>
#include <cctype>

#include "confparse/address.hpp"
#include "confparse/port_range.hpp"
#include "confparse/setters.hpp"

namespace confparse {
namespace {

// The addresses a listen names, as nginx prints them ("0.0.0.0:80", "[::1]:443", "unix:/path").
std::vector<std::string> listen_addresses(const Directive& d, const Listen& l) {
    if (!l.unix_path.empty()) return {unix_peer_name(l.unix_path)};
    if (l.host.empty()) return {(l.ipv6 ? "[::]:" : "0.0.0.0:") + std::to_string(l.port)};
    auto found = resolve_host(l.host, l.port);
    if (found.empty()) fail(d, "host not found in \"" + d.args[0] + "\" of the \"listen\" directive");
    return found;
}

Listen read_listen(const Directive& d, bool& options_set) {
    Listen l;
    l.text = d.args[0];
    l.where = d.where;
    if (names_unix_socket(d.args[0])) {
        std::string err;
        auto u = parse_unix_socket_url(d.args[0], false, err);
        if (!u) fail(d, err + " in \"" + d.args[0] + "\" of the \"listen\" directive");
        l.unix_path = u->path;
        l.port = 0;
    } else {
        std::string err;
        auto hp = parse_host_port(d.args[0], true, err);
        if (!hp) fail(d, err + " in \"" + d.args[0] + "\" of the \"listen\" directive");
        l.host = hp->host == "*" ? "" : hp->host;
        l.ipv6 = hp->ipv6;
        l.port = hp->has_port ? hp->port : 80;
    }
    l.addresses = listen_addresses(d, l);
    // nginx's lsopt.set: the parameters that change the socket, which only one listen per address may give
    options_set = false;
    for (size_t i = 1; i < d.args.size(); ++i) {
        const std::string& v = d.args[i];
        auto number_option = [&](size_t prefix, const char* what) {
            auto n = parse_number(v.substr(prefix));
            if (!n) fail(d, std::string("invalid ") + what + " \"" + v + "\"");
            options_set = true;
            return *n;
        };
        if (v == "default_server" || v == "default") {
            l.default_server = true;
        } else if (v == "ssl") {
            l.ssl = true;
        } else if (v == "proxy_protocol") {
            l.proxy_protocol = true;
        } else if (v == "http2") {
            // accepted: nproxy serves HTTP/1.1 only (ALPN offers no h2)
        } else if (v == "reuseport") {
            l.reuseport = true;
            options_set = true;
        } else if (v == "bind" || v == "deferred") {
            options_set = true;
        } else if (v.rfind("backlog=", 0) == 0) {
            auto n = number_option(8, "backlog");
            if (n == 0) fail(d, "invalid backlog \"" + v + "\"");
            l.backlog = static_cast<int>(std::min<std::int64_t>(n, 1 << 30));
        } else if (v.rfind("fastopen=", 0) == 0) {
            number_option(9, "fastopen");
        } else if (v.rfind("rcvbuf=", 0) == 0 || v.rfind("sndbuf=", 0) == 0) {
            if (!parse_size(v.substr(7))) fail(d, "invalid " + v.substr(0, 6) + " \"" + v + "\"");
            options_set = true;
        } else if (v.rfind("ipv6only=o", 0) == 0) {
            if (v != "ipv6only=on" && v != "ipv6only=off") fail(d, "invalid ipv6only flags \"" + v.substr(9) + "\"");
            options_set = true;
        } else if (v.rfind("so_keepalive=", 0) == 0) {
            options_set = true;  // accepted: socket options nproxy sets as the system defaults them
        } else {
            fail(d, "invalid parameter \"" + v + "\"");
        }
    }
    return l;
}

// nginx's ngx_http_add_addresses, run as each listen is read: a server may name an address once, only
// one listen per address may set socket options, and only one may be the default server.
void register_listen(BuildState& b, const Directive* d, size_t server, const Listen& l, bool options_set) {
    auto fail_here = [&](const std::string& message) {
        if (d) fail(*d, message);
        throw ConfigError(message, l.where);
    };
    for (const std::string& text : l.addresses) {
        auto port = std::find_if(b.ports.begin(), b.ports.end(), [&](const ListenPort& p) { return p.port == l.port; });
        if (port == b.ports.end()) port = b.ports.insert(b.ports.end(), ListenPort{l.port, {}});
        auto addr = std::find_if(port->addrs.begin(), port->addrs.end(),
                                 [&](const ListenAddr& a) { return a.text == text; });
        if (addr == port->addrs.end()) {
            port->addrs.push_back({text, {server}, server, l.default_server, options_set, l.ssl});
            continue;
        }
        if (std::find(addr->servers.begin(), addr->servers.end(), server) != addr->servers.end()) {
            fail_here("a duplicate listen " + text);
        }
        addr->servers.push_back(server);
        if (options_set) {
            if (addr->options_set) fail_here("duplicate listen options for " + text);
            addr->options_set = true;
        }
        if (l.default_server) {
            if (addr->has_default) fail_here("a duplicate default server for " + text);
            addr->has_default = true;
            addr->default_server = server;
        }
        addr->ssl = addr->ssl || l.ssl;
    }
}

// As nginx's regex compiler counts them: a group that captures, "(...)" or a named "(?<n>...)".
bool has_captures(std::string_view re) {
    for (size_t i = 0; i < re.size(); ++i) {
        if (re[i] == '\\') {
            ++i;
        } else if (re[i] == '(') {
            std::string_view rest = re.substr(i + 1);
            if (rest.empty() || rest[0] != '?') return true;
            if (rest.rfind("?<", 0) == 0 && rest.size() > 2 && rest[2] != '=' && rest[2] != '!') return true;
            if (rest.rfind("?P<", 0) == 0 || rest.rfind("?'", 0) == 0) return true;
        }
    }
    return false;
}

// nginx's server_name: "*" only as "*.name", "." only before a name; wildcard forms that cannot be
// hashed ("a.*.b") are found later, when the addresses are optimised (see finish.cpp).
ServerName read_server_name(const Directive& d, const std::string& v) {
    ServerName n;
    n.where = d.where;
    if ((!v.empty() && v[0] == '*' && (v.size() < 3 || v[1] != '.')) || (v.size() == 1 && v[0] == '.')) {
        fail(d, "server name \"" + v + "\" is invalid");
    }
    if (!v.empty() && v[0] == '~') {
        if (v.size() == 1) fail(d, "empty regex in server name \"" + v + "\"");
        n.kind = ServerName::Kind::Regex;
        n.name = v.substr(1);
        n.text = v;
        n.captures = has_captures(n.name);
        return n;
    }
    for (char c : v) n.text += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    n.name = n.text;
    if (n.name.size() > 1 && n.name[0] == '.') {
        n.kind = ServerName::Kind::WildcardStart;  // ".example.com" is "example.com" and "*.example.com"
    } else if (n.name.size() > 2 && n.name.rfind("*.", 0) == 0) {
        n.kind = ServerName::Kind::WildcardStart;
        n.name = n.name.substr(1);
    } else if (n.name.size() > 2 && n.name.compare(n.name.size() - 2, 2, ".*") == 0) {
        n.kind = ServerName::Kind::WildcardEnd;
        n.name.pop_back();
    }
    return n;
}

std::string location_name(const Location& l) { return l.pattern; }

Location read_location(const Directive& d) {
    Location loc;
    loc.where = d.where;
    if (d.args.size() == 2) {
        const std::string& mod = d.args[0];
        loc.pattern = d.args[1];
        if (mod == "=") loc.match = Location::Match::Exact;
        else if (mod == "^~") loc.match = Location::Match::PrefixNoRegex;
        else if (mod == "~") loc.match = Location::Match::Regex;
        else if (mod == "~*") loc.match = Location::Match::RegexCaseless;
        else fail(d, "invalid location modifier \"" + mod + "\"");
        return loc;
    }
    const std::string& name = d.args[0];
    if (name[0] == '=') {
        loc.match = Location::Match::Exact, loc.pattern = name.substr(1);
    } else if (name.rfind("^~", 0) == 0) {
        loc.match = Location::Match::PrefixNoRegex, loc.pattern = name.substr(2);
    } else if (name.rfind("~*", 0) == 0) {
        loc.match = Location::Match::RegexCaseless, loc.pattern = name.substr(2);
    } else if (name[0] == '~') {
        loc.match = Location::Match::Regex, loc.pattern = name.substr(1);
    } else {
        loc.pattern = name;
        if (name[0] == '@') loc.match = Location::Match::Named;
    }
    return loc;
}

bool is_regex(const Location& l) {
    return l.match == Location::Match::Regex || l.match == Location::Match::RegexCaseless;
}

}  // namespace

void finish_http(BuildState& b, const Directive& d);

// As nginx when a server block closes: a server without listen gets "*:80" ("*:8000" without root).
void finish_server(BuildState& b, Server& s) {
    if (!s.listens.empty()) return;
    Listen l;
    l.port = getuid() == 0 ? 80 : 8000;
    l.text = std::to_string(l.port);
    l.where = s.where;
    l.addresses = {"0.0.0.0:" + l.text};
    register_listen(b, nullptr, static_cast<size_t>(&s - b.http().servers.data()), l, false);
    s.listens.push_back(l);
}

void add_http_server_rows(std::vector<Row>& rows) {
    Row http{"http", kMain, kBlock | kNoArgs};
    http.set = [](BuildState& b, const Directive& d) {
        if (b.config.http) fail_directive(d, "is duplicate");
        b.config.http = std::make_unique<Http>();
        b.config.http->where = d.where;
        LogFormat combined{"combined", "default",
                           "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
                           "\"$http_referer\" \"$http_user_agent\"",
                           d.where};
        b.config.http->log_formats.emplace("combined", combined);
        b.frames.push_back(Frame{kHttp, &b.config.http->scope});
    };
    http.leave = finish_http;
    rows.push_back(http);

    Row server{"server", kHttp, kBlock | kNoArgs};
    server.set = [](BuildState& b, const Directive& d) {
        Server& s = b.http().servers.emplace_back();
        s.where = d.where;
        b.frames.push_back(Frame{kServer, &s.scope, &s});
        b.top().steps = &s.rewrite;
    };
    server.leave = [](BuildState& b, const Directive&) { finish_server(b, *b.top().server); };
    rows.push_back(server);

    rows.push_back({"listen", kServer, k1More, [](BuildState& b, const Directive& d) {
        std::string err;
        auto addresses = expand_port_range(d.args[0], err);
        if (!addresses) fail(d, err + " in \"" + d.args[0] + "\" of the \"listen\" directive");
        for (const std::string& address : *addresses) {  // as nginx: a port range listens on each port
            Directive one = d;
            one.args[0] = address;
            bool options_set = false;
            Listen l = read_listen(one, options_set);
            register_listen(b, &one, static_cast<size_t>(b.top().server - b.http().servers.data()), l, options_set);
            b.top().server->listens.push_back(std::move(l));
        }
    }});

    rows.push_back({"server_name", kServer, k1More, [](BuildState& b, const Directive& d) {
        for (const auto& v : d.args) {
            ServerName& n = b.top().server->names.emplace_back(read_server_name(d, v));
            if (n.kind == ServerName::Kind::Regex) b.note_named_captures(n.name, d);
        }
    }});

    Row location{"location", kServer | kLocation, kBlock | kTake12};
    location.set = [](BuildState& b, const Directive& d) {
        Location loc = read_location(d);
        if (is_regex(loc)) b.note_named_captures(loc.pattern, d);
        Frame& parent = b.top();
        if (parent.context == kLocation) {
            const Location& p = *parent.location;
            if (p.match == Location::Match::Exact) {
                fail(d, "location \"" + loc.pattern + "\" cannot be inside the exact location \"" + p.pattern + "\"");
            }
            if (p.match == Location::Match::Named) {
                fail(d, "location \"" + loc.pattern + "\" cannot be inside the named location \"" + p.pattern + "\"");
            }
            if (loc.match == Location::Match::Named) {
                fail(d, "named location \"" + loc.pattern + "\" can be on the server level only");
            }
            if (!is_regex(loc) && loc.pattern.compare(0, p.pattern.size(), p.pattern) != 0) {
                fail(d, "location \"" + loc.pattern + "\" is outside location \"" + location_name(p) + "\"");
            }
        }
        auto& list = parent.context == kLocation ? parent.location->locations : parent.server->locations;
        Location& added = list.emplace_back(std::move(loc));
        b.frames.push_back(Frame{kLocation, &added.scope, parent.server, &added});
        b.top().steps = &added.rewrite;
    };
    rows.push_back(location);
    rows.push_back({"internal", kLocation, kNoArgs, [](BuildState& b, const Directive& d) {
        Location& loc = *b.top().location;
        if (loc.internal) fail_directive(d, "is duplicate");
        loc.internal = true;
    }});
    // nginx's stub_status: the level answers with the connection counters (an argument, once "on", is
    // still accepted and ignored, as nginx does)
    rows.push_back({"stub_status", kServer | kLocation, kNoArgs | kTake1, [](BuildState& b, const Directive&) {
        (b.top().location ? b.top().location->stub_status : b.top().server->stub_status) = true;
    }});
}

}  // namespace confparse
