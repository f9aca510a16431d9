#include "proxy/gzip_decision.hpp"

#include <strings.h>

#include <ctime>

#include "proxy/browser.hpp"
#include "proxy/headers_filter.hpp"
#include "proxy/http_time.hpp"
#include "proxy/regex.hpp"
#include "proxy/runtime.hpp"

namespace proxy {
namespace {

using namespace confparse;

// nginx's quality (ngx_http_gzip_quantity): "0" or "1", then optionally '.' and up to three digits; it
// only tells zero from not zero, so it adds up the digits (a value above 1 is invalid: zero).
unsigned quality(std::string_view q) {
    if (q.empty() || (q[0] != '0' && q[0] != '1')) return 0;
    unsigned value = static_cast<unsigned>(q[0] - '0') * 100;
    if (q.size() == 1 || q[1] == ',' || q[1] == ' ') return value;
    if (q[1] != '.') return 0;
    unsigned digits = 0;
    for (std::size_t at = 2; at < q.size(); ++at) {
        char c = q[at];
        if (c == ',' || c == ' ') break;
        if (c < '0' || c > '9') return 0;
        value += static_cast<unsigned>(c - '0');
        ++digits;
    }
    return value > 100 || digits > 3 ? 0 : value;
}

std::size_t find_caseless(std::string_view text, std::string_view what, std::size_t from) {
    for (std::size_t i = from; i + what.size() <= text.size(); ++i) {
        if (strncasecmp(text.data() + i, what.data(), what.size()) == 0) return i;
    }
    return std::string_view::npos;
}

void check_scope(const HttpScope& scope) {
    for (const GzipDisablePattern& p : *scope.gzip_disable) Regex(p.pattern, true, p.where);
}

void check_locations(const std::vector<Location>& locations) {
    for (const Location& l : locations) {
        check_scope(l.scope);
        check_locations(l.locations);
    }
}

}  // namespace

void check_gzip_disable(const Http& http) {
    check_scope(http.scope);
    for (const Server& server : http.servers) {
        check_scope(server.scope);
        check_locations(server.locations);
    }
}

bool accepts_gzip(std::string_view ae) {
    if (ae.size() < 4) return false;
    if (ae.substr(0, 5) == "gzip,") return true;
    std::size_t at = 0;
    for (;;) {
        at = find_caseless(ae, "gzip", at);
        if (at == std::string_view::npos) return false;
        if (at == 0 || ae[at - 1] == ',' || ae[at - 1] == ' ') break;
        at += 4;
    }
    std::size_t p = at + 4;
    for (;; ++p) {
        if (p == ae.size() || ae[p] == ',') return true;
        if (ae[p] == ';') break;
        if (ae[p] != ' ') return false;
    }
    for (++p;; ++p) {
        if (p == ae.size()) return true;
        if (ae[p] == 'q' || ae[p] == 'Q') break;
        if (ae[p] != ' ') return false;
    }
    ++p;
    if (p + 2 > ae.size() || ae[p] != '=') return false;
    return quality(ae.substr(p + 1)) > 0;
}

bool names_token(std::string_view value, std::string_view token) {
    std::size_t at = 0;
    while ((at = find_caseless(value, token, at)) != std::string_view::npos) {
        bool starts = at == 0 || value[at - 1] == ',' || value[at - 1] == ' ';
        std::size_t end = at + token.size();
        bool ends = end == value.size() || value[end] == ',' || value[end] == ' ' || value[end] == '=' ||
                    value[end] == ';';
        if (starts && ends) return true;
        at = end;
    }
    return false;
}

bool proxied_allows(unsigned p, bool authorization, const ProxiedFacts& f, std::int64_t now) {
    if (p & kGzipProxiedOff) return false;
    if (p & kGzipProxiedAny) return true;
    if (authorization && (p & kGzipProxiedAuth)) return true;
    if (f.has_expires) {
        if (!(p & kGzipProxiedExpired)) return false;
        std::optional<std::int64_t> expires = parse_http_time(f.expires);
        if (!expires) return false;
        std::int64_t date = now;
        if (f.has_date) {
            std::optional<std::int64_t> sent = parse_http_time(f.date);
            if (!sent) return false;
            date = *sent;
        }
        return *expires < date;
    }
    if (f.has_cache_control) {
        return ((p & kGzipProxiedNoCache) && f.no_cache) || ((p & kGzipProxiedNoStore) && f.no_store) ||
               ((p & kGzipProxiedPrivate) && f.private_);
    }
    if ((p & kGzipProxiedNoLastModified) && f.last_modified) return false;
    return !((p & kGzipProxiedNoEtag) && f.etag);
}

bool gzip_ok(const RequestContext& r, const HttpScope& s, const ProxiedFacts& response, const Runtime& runtime) {
    const std::string* ae = r.header("Accept-Encoding");
    if (!ae || !accepts_gzip(*ae)) return false;
    const std::string* agent = r.header("User-Agent");
    if (agent && *s.gzip_disable_msie6 && browser_of(*agent).msie6) return false;
    if (r.http_version < *s.gzip_http_version) return false;
    if (r.header("Via") &&
        !proxied_allows(*s.gzip_proxied, r.header("Authorization") != nullptr, response, std::time(nullptr))) {
        return false;
    }
    if (!agent) return true;
    for (const GzipDisablePattern& pattern : *s.gzip_disable) {
        if (runtime.regex(pattern).matches(*agent)) return false;
    }
    return true;
}

}  // namespace proxy
