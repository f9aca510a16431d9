#pragma once
// proxy_redirect: the Location and Refresh headers of an upstream's answer, rewritten by the location's
// rules as nginx's proxy module does.
#include <string>
#include <vector>

#include "proxy/exchange.hpp"

namespace proxy {

// Rewrites `value` from `from` on by the first of `rules` that matches (proxy_redirect's, also
// proxy_cookie_path's): a prefix rule replaces what it matched, a regex rule all from `from` on, its captures
// left in `r` for the replacement, as nginx. False when none matches.
bool rewrite_by_rules(const Runtime& runtime, RequestContext& r, const std::vector<confparse::RedirectRule>& rules,
                      std::string& value, std::size_t from);
// As rewrite_by_rules() for one regex rule.
bool rewrite_by_regex(const Runtime& runtime, RequestContext& r, const confparse::RedirectRule& rule,
                      std::string& value, std::size_t from);

// Rewrites `value` from `from` on by the level's proxy_redirect rules; false when none matches.
bool rewrite_redirect(const Runtime& runtime, RequestContext& r, const confparse::HttpScope& scope, std::string& value,
                      std::size_t from);

// A Refresh value with its "url=" part rewritten; as it came when it has none or no rule matches.
std::string rewrite_refresh(const Runtime& runtime, RequestContext& r, const confparse::HttpScope& scope,
                            std::string value);

// As nginx while reading the configuration: the regexes of every level's proxy_redirect and
// proxy_cookie_* rules compile (confparse::ConfigError with pcre2's message otherwise).
void check_rule_regexes(const confparse::Http& http);

// An upstream's Location as the client gets it, as nginx: rewritten by proxy_redirect, and then, when it
// became relative, made absolute in Location's own place (set_location); otherwise among the fields where it
// came, as it came when no rule matched. `name` is the field's name as the upstream wrote it.
template <class Stream>
void set_upstream_location(Exchange<Stream>& x, ResponseHead& head, std::string_view name, std::string value) {
    if (rewrite_redirect(x.runtime, x.r, x.scope, value, 0)) {
        set_location(x, head, name, std::move(value));
    } else {
        head.headers.push_back({std::string(name), std::move(value)});
    }
}

}  // namespace proxy
