// The http block and its structure: server, listen, server_name, location, return.
#include <cctype>

#include "confparse/address.hpp"
#include "confparse/setters.hpp"

namespace confparse {
namespace {

Listen read_listen(const Directive& d) {
    Listen l;
    l.text = d.args[0];
    l.where = d.where;
    std::string err;
    auto hp = parse_host_port(d.args[0], true, err);
    if (!hp) fail(d, err + " in \"" + d.args[0] + "\" of the \"listen\" directive");
    l.host = hp->host == "*" ? "" : hp->host;
    l.ipv6 = hp->ipv6;
    l.port = hp->has_port ? hp->port : 80;
    if (!l.host.empty() && !l.ipv6 && resolve_host(l.host, l.port).empty()) {
        fail(d, "host not found in \"" + d.args[0] + "\" of the \"listen\" directive");
    }
    for (size_t i = 1; i < d.args.size(); ++i) {
        const std::string& v = d.args[i];
        if (v == "default_server" || v == "default") {
            l.default_server = true;
        } else if (v == "ssl") {
            l.ssl = true;
        } else if (v == "reuseport") {
            l.reuseport = true;
        } else if (v.rfind("backlog=", 0) == 0) {
            auto n = parse_number(v.substr(8));
            if (!n || *n == 0) fail(d, "invalid backlog \"" + v + "\"");
            l.backlog = static_cast<int>(*n);
        } else if (v.rfind("rcvbuf=", 0) == 0 || v.rfind("sndbuf=", 0) == 0) {
            auto n = parse_size(v.substr(7));
            if (!n) fail(d, "invalid " + v.substr(0, 6) + " \"" + v + "\"");
        } else if (v == "bind" || v == "deferred" || v == "http2" || v == "proxy_protocol" ||
                   v.rfind("ipv6only=", 0) == 0 || v.rfind("so_keepalive=", 0) == 0 || v.rfind("fastopen=", 0) == 0) {
            // accepted: socket options nproxy sets as the system defaults them
        } else {
            fail(d, "invalid parameter \"" + v + "\"");
        }
    }
    return l;
}

ServerName read_server_name(const Directive& d, const std::string& v) {
    ServerName n;
    if (v.empty()) return n;  // "" names the requests with no Host
    if (v[0] == '~') {
        if (v.size() == 1) fail(d, "empty regex in server name \"" + v + "\"");
        n.kind = ServerName::Kind::Regex;
        n.name = v.substr(1);
        return n;
    }
    if (v.find('/') != std::string::npos) fail(d, "server name \"" + v + "\" is invalid");
    size_t stars = std::count(v.begin(), v.end(), '*');
    if (stars > 1 || (stars == 1 && v.front() != '*' && v.back() != '*') || (v.front() == '*' && v.size() > 1 && v[1] != '.') ||
        (v.back() == '*' && v.size() > 1 && v[v.size() - 2] != '.')) {
        fail(d, "invalid server name or wildcard \"" + v + "\" on " + d.where.file + ":" + std::to_string(d.where.line));
    }
    for (char c : v) n.name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (n.name[0] == '.') {
        n.kind = ServerName::Kind::WildcardStart;  // ".example.com" is "example.com" and "*.example.com"
    } else if (n.name[0] == '*') {
        n.kind = ServerName::Kind::WildcardStart;
        n.name = n.name.substr(1);
    } else if (n.name.back() == '*') {
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

ReturnAction read_return(BuildState& b, const Directive& d) {
    ReturnAction r;
    r.where = d.where;
    auto code = parse_number(d.args[0]);
    if (!code) {
        const std::string& v = d.args[0];
        if (d.args.size() == 1 &&
            (v.rfind("http://", 0) == 0 || v.rfind("https://", 0) == 0 || v.rfind("$scheme", 0) == 0)) {
            r.code = 302;
            r.text = v;
            r.has_text = true;
            b.note_variables(v, d);
            return r;
        }
        fail(d, "invalid return code \"" + v + "\"");
    }
    if (*code > 999) fail(d, "invalid return code \"" + d.args[0] + "\"");
    r.code = static_cast<int>(*code);
    if (d.args.size() == 2) {
        r.text = d.args[1];
        r.has_text = true;
        b.note_variables(r.text, d);
    }
    return r;
}

}  // namespace

void finish_http(BuildState& b, const Directive& d);
void finish_server(BuildState& b, Server& s);

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
    };
    server.leave = [](BuildState& b, const Directive&) { finish_server(b, *b.top().server); };
    rows.push_back(server);

    rows.push_back({"listen", kServer, k1More, [](BuildState& b, const Directive& d) {
        b.top().server->listens.push_back(read_listen(d));
    }});

    rows.push_back({"server_name", kServer, k1More, [](BuildState& b, const Directive& d) {
        for (const auto& v : d.args) b.top().server->names.push_back(read_server_name(d, v));
    }});

    Row location{"location", kServer | kLocation, kBlock | kTake12};
    location.set = [](BuildState& b, const Directive& d) {
        Location loc = read_location(d);
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
    };
    rows.push_back(location);

    rows.push_back({"return", kServer | kLocation | kServerIf | kLocationIf, kTake12,
                    [](BuildState& b, const Directive& d) {
        ReturnAction r = read_return(b, d);
        ReturnAction& slot = b.top().location ? b.top().location->ret : b.top().server->ret;
        if (slot.code == 0) slot = r;  // as nginx's rewrite phase: the first return stops the rest
    }});
}

}  // namespace confparse
