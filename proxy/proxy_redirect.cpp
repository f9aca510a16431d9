#include "proxy/proxy_redirect.hpp"

#include <strings.h>

#include "confparse/shared_zone.hpp"
#include "proxy/regex.hpp"
#include "proxy/runtime.hpp"

namespace proxy {

bool rewrite_by_regex(const Runtime& runtime, RequestContext& r, const confparse::RedirectRule& rule,
                      std::string& value, std::size_t from) {
    Captures found;
    if (!runtime.regex(rule).matches(std::string_view(value).substr(from), found)) return false;
    r.captures = std::move(found.numbered);
    for (auto& [name, capture] : found.named) r.variables[name] = std::move(capture);
    value = value.substr(0, from) + runtime.text(rule.replacement).render(r);
    return true;
}

bool rewrite_by_rules(const Runtime& runtime, RequestContext& r, const std::vector<confparse::RedirectRule>& rules,
                      std::string& value, std::size_t from) {
    for (const confparse::RedirectRule& rule : rules) {
        if (rule.kind != confparse::RedirectRule::Kind::Prefix) {
            if (rewrite_by_regex(runtime, r, rule, value, from)) return true;
            continue;
        }
        // as nginx: the start of the value, compared with case
        std::string pattern = runtime.text(rule.pattern).render(r);
        if (std::string_view(value).substr(from, pattern.size()) != pattern) continue;
        value = value.substr(0, from) + runtime.text(rule.replacement).render(r) + value.substr(from + pattern.size());
        return true;
    }
    return false;
}

bool rewrite_redirect(const Runtime& runtime, RequestContext& r, const confparse::HttpScope& scope, std::string& value,
                      std::size_t from) {
    return scope.proxy_redirect.is_set() && rewrite_by_rules(runtime, r, scope.proxy_redirect->rules, value, from);
}

std::string rewrite_refresh(const Runtime& runtime, RequestContext& r, const confparse::HttpScope& scope,
                            std::string value) {
    for (std::size_t i = 0; i + 4 <= value.size(); ++i) {
        if (strncasecmp(value.c_str() + i, "url=", 4) == 0) {
            rewrite_redirect(runtime, r, scope, value, i + 4);
            break;
        }
    }
    return value;
}

void check_rule_regexes(const confparse::Http& http) {
    confparse::for_each_scope(http, [](const confparse::HttpScope& scope) {
        // a level with neither proxy_redirect nor proxy_pass (here or above) has no proxy_redirect rules
        static const std::vector<confparse::RedirectRule> none;
        const auto& redirect = scope.proxy_redirect.is_set() ? scope.proxy_redirect->rules : none;
        for (const auto* rules : {&redirect, &*scope.proxy_cookie_domain, &*scope.proxy_cookie_path}) {
            for (const confparse::RedirectRule& rule : *rules) {
                if (rule.kind != confparse::RedirectRule::Kind::Prefix) {
                    Regex(rule.pattern, rule.kind == confparse::RedirectRule::Kind::RegexCaseless, rule.where);
                }
            }
        }
        for (const auto& rule : *scope.proxy_cookie_flags) {
            if (rule.regex) Regex(rule.cookie, true, rule.where);
        }
    });
}

}  // namespace proxy
