#include "proxy/proxy_cookie.hpp"

#include <strings.h>

#include "proxy/proxy_redirect.hpp"
#include "proxy/runtime.hpp"

namespace proxy {
namespace {

using confparse::RedirectRule;

bool equal_caseless(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view trim_spaces(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

// As nginx's domain rule: the whole domain, without case, after its leading '.' (which stays).
bool rewrite_domain(const Runtime& runtime, RequestContext& r, const std::vector<RedirectRule>& rules,
                    std::string& value) {
    for (const RedirectRule& rule : rules) {
        if (rule.kind != RedirectRule::Kind::Prefix) {
            if (rewrite_by_regex(runtime, r, rule, value, 0)) return true;
            continue;
        }
        std::size_t dot = value.starts_with('.') ? 1 : 0;
        if (!equal_caseless(std::string_view(value).substr(dot), runtime.render(rule.pattern, r))) continue;
        value = value.substr(0, dot) + runtime.render(rule.replacement, r);
        return true;
    }
    return false;
}

// As nginx: the first rule whose name or regex matches the cookie's name gives the flags; false when none
// does or its flags (read now, for their variables) name none.
bool rewrite_flags(const Runtime& runtime, RequestContext& r, const std::vector<confparse::CookieFlagsRule>& rules,
                   std::vector<CookieAttribute>& attributes) {
    const std::string& name = attributes.front().name;
    const confparse::CookieFlagsRule* found = nullptr;
    for (const auto& rule : rules) {
        if (rule.regex) {
            Captures captures;
            if (!runtime.regex(rule).matches(name, captures)) continue;
            r.captures = std::move(captures.numbered);
            for (auto& [variable, capture] : captures.named) r.variables[variable] = std::move(capture);
        } else if (!equal_caseless(runtime.render(rule.cookie, r), name)) {
            continue;
        }
        found = &rule;
        break;
    }
    if (!found) return false;
    unsigned flags = 0;
    for (const std::string& flag : found->flags) flags |= cookie_flag(runtime.render(flag, r));
    if (!flags) return false;
    edit_cookie_flags(attributes, flags);
    return true;
}

// A SameSite attribute made `wanted` (its spelling nginx's) unless it says so already, in any case.
void set_same_site(CookieAttribute& attribute, std::string_view wanted) {
    if (attribute.has_value && equal_caseless(attribute.value, wanted)) return;
    attribute.name = "SameSite";
    attribute.value = wanted;
    attribute.has_value = true;
}

}  // namespace

std::vector<CookieAttribute> parse_cookie(std::string_view value) {
    std::vector<CookieAttribute> attributes;
    for (std::size_t start = 0;;) {
        std::size_t end = std::min(value.find(';', start), value.size());
        std::string_view part = value.substr(start, end - start);
        std::size_t eq = part.find('=');
        CookieAttribute& a = attributes.emplace_back();
        a.name = trim_spaces(part.substr(0, eq));
        if (eq != std::string_view::npos) {
            a.value = trim_spaces(part.substr(eq + 1));
            a.has_value = true;
        }
        if (end == value.size()) break;
        start = end + 1;
    }
    return attributes;
}

std::string join_cookie(const std::vector<CookieAttribute>& attributes) {
    std::string out;
    for (std::size_t i = 0; i < attributes.size(); ++i) {
        const CookieAttribute& a = attributes[i];
        if (a.removed) continue;
        if (i > 0) out += "; ";
        out += a.name;
        if (a.has_value) out += '=' + a.value;
    }
    return out;
}

unsigned cookie_flag(std::string_view name) {
    static constexpr std::pair<std::string_view, unsigned> kFlags[] = {
        {"secure", kCookieSecure},
        {"nosecure", kCookieNoSecure},
        {"httponly", kCookieHttpOnly},
        {"nohttponly", kCookieNoHttpOnly},
        {"samesite=strict", kCookieSameSiteStrict},
        {"samesite=lax", kCookieSameSiteLax},
        {"samesite=none", kCookieSameSiteNone},
        {"nosamesite", kCookieNoSameSite},
    };
    for (const auto& [flag, bit] : kFlags) {
        if (equal_caseless(flag, name)) return bit;
    }
    return 0;
}

void edit_cookie_flags(std::vector<CookieAttribute>& attributes, unsigned flags) {
    // as nginx: a flag set and already present is not added again; a "no" flag only counts without its pair
    for (std::size_t i = 1; i < attributes.size(); ++i) {
        CookieAttribute& a = attributes[i];
        if (equal_caseless(a.name, "secure")) {
            if (flags & kCookieSecure)
                flags &= ~kCookieSecure;
            else if (flags & kCookieNoSecure)
                a.removed = true;
        } else if (equal_caseless(a.name, "httponly")) {
            if (flags & kCookieHttpOnly)
                flags &= ~kCookieHttpOnly;
            else if (flags & kCookieNoHttpOnly)
                a.removed = true;
        } else if (equal_caseless(a.name, "samesite")) {
            if (flags & kCookieSameSiteStrict) {
                flags &= ~kCookieSameSiteStrict;
                set_same_site(a, "Strict");
            } else if (flags & kCookieSameSiteLax) {
                flags &= ~kCookieSameSiteLax;
                set_same_site(a, "Lax");
            } else if (flags & kCookieSameSiteNone) {
                flags &= ~kCookieSameSiteNone;
                set_same_site(a, "None");
            } else if (flags & kCookieNoSameSite) {
                a.removed = true;
            }
        }
    }
    if (flags & kCookieSecure) attributes.push_back({"Secure", "", false, false});
    if (flags & kCookieHttpOnly) attributes.push_back({"HttpOnly", "", false, false});
    if (flags & kCookieSameSiteStrict)
        attributes.push_back({"SameSite", "Strict", true, false});
    else if (flags & kCookieSameSiteLax)
        attributes.push_back({"SameSite", "Lax", true, false});
    else if (flags & kCookieSameSiteNone)
        attributes.push_back({"SameSite", "None", true, false});
}

bool rewrite_cookie(const Runtime& runtime, RequestContext& r, const confparse::HttpScope& scope, std::string& value) {
    std::vector<CookieAttribute> attributes = parse_cookie(value);
    if (!attributes.front().has_value) return false;
    bool changed = false;
    for (std::size_t i = 1; i < attributes.size(); ++i) {
        CookieAttribute& a = attributes[i];
        if (!a.has_value) continue;
        if (!scope.proxy_cookie_domain->empty() && equal_caseless(a.name, "domain")) {
            changed |= rewrite_domain(runtime, r, *scope.proxy_cookie_domain, a.value);
        }
        if (!scope.proxy_cookie_path->empty() && equal_caseless(a.name, "path")) {
            changed |= rewrite_by_rules(runtime, r, *scope.proxy_cookie_path, a.value, 0);
        }
    }
    if (!scope.proxy_cookie_flags->empty()) changed |= rewrite_flags(runtime, r, *scope.proxy_cookie_flags, attributes);
    if (!changed) return false;
    value = join_cookie(attributes);
    return true;
}

}  // namespace proxy
