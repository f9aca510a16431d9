#include "proxy/router.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "confparse/address.hpp"
#include "proxy/host.hpp"

namespace proxy {

using confparse::Location;
using confparse::Server;
using confparse::ServerName;

struct Router::Compiled {
    std::map<const void*, Regex> regexes;  // per regex location or server name
};

namespace {

std::string endpoint_key(const confparse::Listen& l) {
    if (!l.unix_path.empty()) return confparse::unix_peer_name(l.unix_path);
    if (l.ipv6) return "[" + (l.host.empty() ? std::string("::") : l.host) + "]:" + std::to_string(l.port);
    return (l.host.empty() ? std::string("0.0.0.0") : l.host) + ":" + std::to_string(l.port);
}

bool is_regex(const Location& l) {
    return l.match == Location::Match::Regex || l.match == Location::Match::RegexCaseless;
}

void compile_locations(const std::vector<Location>& locations, std::map<const void*, Regex>& out) {
    for (const Location& l : locations) {
        if (is_regex(l)) out.emplace(&l, Regex(l.pattern, l.match == Location::Match::RegexCaseless, l.where));
        compile_locations(l.locations, out);
    }
}

}  // namespace

std::string normalize_host(std::string_view host) {
    std::optional<std::string> valid = validate_host(host);
    return valid ? std::move(*valid) : std::string();
}

const Location* for_method(const Location& location, std::string_view method) {
    for (const Location& inner : location.locations) {
        if (inner.match != Location::Match::LimitExcept) continue;
        const auto& allowed = inner.allowed_methods;
        return std::find(allowed.begin(), allowed.end(), method) == allowed.end() ? &inner : &location;
    }
    return &location;
}

Router::Router(const confparse::Http& http) : compiled_(std::make_unique<Compiled>()) {
    for (const Server& s : http.servers) {
        for (const auto& name : s.names) {
            // as nginx: server_name regexes ignore case, as host names do
            if (name.kind == ServerName::Kind::Regex) compiled_->regexes.emplace(&name, Regex(name.name, true, name.where));
        }
        compile_locations(s.locations, compiled_->regexes);
        for (const auto& l : s.listens) {
            std::string key = endpoint_key(l);
            auto it = std::find_if(endpoints_.begin(), endpoints_.end(), [&](const Endpoint& e) { return e.key == key; });
            if (it == endpoints_.end()) {
                endpoints_.push_back(Endpoint{l.host, l.ipv6, l.port, l.ssl, l.proxy_protocol, l.reuseport,
                                              l.backlog > 0 ? l.backlog : 511, key, {}, nullptr, l.unix_path});
                it = endpoints_.end() - 1;
            }
            // as nginx: any listen of the address may say ssl or proxy_protocol
            it->ssl = it->ssl || l.ssl;
            it->proxy_protocol = it->proxy_protocol || l.proxy_protocol;
            if (std::find(it->servers.begin(), it->servers.end(), &s) == it->servers.end()) it->servers.push_back(&s);
            if (l.default_server) it->default_server = &s;
        }
    }
    for (Endpoint& e : endpoints_) {
        if (!e.default_server) e.default_server = e.servers.front();
    }
}

Router::~Router() = default;

const Server* Router::find_server(const Endpoint& endpoint, std::string_view raw_host) const {
    return find_server_by_name(endpoint, normalize_host(raw_host));
}

const Server* Router::find_server_by_name(const Endpoint& endpoint, const std::string& host) const {
    const Server* named = find_named_server(endpoint, host);
    return named ? named : endpoint.default_server;
}

const Server* Router::find_named_server(const Endpoint& endpoint, const std::string& host) const {
    const Server* best = nullptr;
    size_t best_len = 0;
    for (const Server* s : endpoint.servers) {
        for (const auto& n : s->names) {
            if (n.kind == ServerName::Kind::Exact && n.name == host) return s;
        }
    }
    // "*.example.com" (stored as ".example.com") and ".example.com": the longest suffix wins.
    for (const Server* s : endpoint.servers) {
        for (const auto& n : s->names) {
            if (n.kind != ServerName::Kind::WildcardStart) continue;
            bool dot_form = !n.text.empty() && n.text[0] == '.';  // ".example.com" also names example.com
            // as nginx, ".example.com" itself (an empty first label) is under "*.example.com"
            bool match = host.size() >= n.name.size() && host.compare(host.size() - n.name.size(), n.name.size(), n.name) == 0;
            if (!match && dot_form && host == n.name.substr(1)) match = true;
            if (match && n.name.size() > best_len) best = s, best_len = n.name.size();
        }
    }
    if (best) return best;
    for (const Server* s : endpoint.servers) {
        for (const auto& n : s->names) {
            if (n.kind != ServerName::Kind::WildcardEnd) continue;
            if (host.size() > n.name.size() && host.compare(0, n.name.size(), n.name) == 0 && n.name.size() > best_len) {
                best = s, best_len = n.name.size();
            }
        }
    }
    if (best) return best;
    for (const Server* s : endpoint.servers) {
        for (const auto& n : s->names) {
            if (n.kind == ServerName::Kind::Regex && compiled_->regexes.at(&n).matches(host)) return s;
        }
    }
    return nullptr;
}

namespace {

struct Found {
    const Location* location = nullptr;
    bool final = false;
    bool slash_redirect = false;
};

// As nginx's auto_redirect: a location with proxy_pass whose name is the URI and a '/'.
bool redirects_to_slash(const Location& l, std::string_view uri) {
    bool nameless = l.match == Location::Match::If || l.match == Location::Match::LimitExcept;
    return l.auto_redirect && !nameless && l.pattern.size() == uri.size() + 1 &&
           std::string_view(l.pattern).substr(0, uri.size()) == uri;
}

Found find_in(const std::vector<Location>& locations, std::string_view uri, const std::map<const void*, Regex>& regexes,
              Captures* captures) {
    const Location* prefix = nullptr;
    const Location* slash = nullptr;
    for (const Location& l : locations) {
        if (l.match == Location::Match::Exact && l.pattern == uri) return {&l, true};
        bool is_prefix = l.match == Location::Match::Prefix || l.match == Location::Match::PrefixNoRegex;
        if (is_prefix && uri.substr(0, l.pattern.size()) == l.pattern &&
            (!prefix || l.pattern.size() > prefix->pattern.size())) {
            prefix = &l;
        }
        if (redirects_to_slash(l, uri)) slash = &l;
    }
    // as nginx: the redirect wins over shorter prefixes and regexes, not over a location named as the URI
    if (slash && (!prefix || prefix->pattern.size() < uri.size())) return {slash, true, true};
    Found found{prefix, false};
    if (prefix) {
        Found inner = find_in(prefix->locations, uri, regexes, captures);
        if (inner.final) return inner;
        if (inner.location) found = inner;
        if (found.location->match == Location::Match::PrefixNoRegex) return {found.location, true};
    }
    for (const Location& l : locations) {
        if (!is_regex(l)) continue;
        const Regex& re = regexes.at(&l);
        if (captures ? re.matches(uri, *captures) : re.matches(uri)) return {&l, true};
    }
    return found;
}

}  // namespace

const Location* Router::find_named(const Server& server, std::string_view name) const {
    for (const Location& l : server.locations) {
        if (l.match == Location::Match::Named && l.pattern == name) return &l;
    }
    return nullptr;
}

bool Router::server_name_captures(const Server& server, std::string_view host, Captures& captures) const {
    for (const auto& n : server.names) {
        if (n.kind == ServerName::Kind::Regex && compiled_->regexes.at(&n).matches(host, captures)) return true;
    }
    return false;
}

const Location* Router::find_location(const Server& server, std::string_view uri, Captures* captures,
                                      bool* slash_redirect) const {
    Found found = find_in(server.locations, uri, compiled_->regexes, captures);
    if (slash_redirect) *slash_redirect = found.slash_redirect;
    return found.location;
}

}  // namespace proxy
