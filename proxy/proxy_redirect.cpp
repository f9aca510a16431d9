#include "proxy/proxy_redirect.hpp"

#include <strings.h>

#include "proxy/runtime.hpp"

namespace proxy {

bool rewrite_redirect(const Runtime& runtime, RequestContext& r, const confparse::HttpScope& scope, std::string& value,
                      std::size_t from) {
    if (!scope.proxy_redirect.is_set()) return false;
    std::string_view rest = std::string_view(value).substr(from);
    for (const confparse::RedirectRule& rule : scope.proxy_redirect->rules) {
        if (rule.kind == confparse::RedirectRule::Kind::Prefix) {
            // as nginx: the start of the value, compared with case
            std::string pattern = runtime.text(rule.pattern).render(r);
            if (rest.substr(0, pattern.size()) != pattern) continue;
            value = value.substr(0, from) + runtime.text(rule.replacement).render(r) +
                    std::string(rest.substr(pattern.size()));
            return true;
        }
        Captures found;
        if (!runtime.regex(rule).matches(rest, found)) continue;
        r.captures = std::move(found.numbered);
        for (auto& [name, capture] : found.named) r.variables[name] = std::move(capture);
        value = value.substr(0, from) + runtime.text(rule.replacement).render(r);  // the whole value replaced
        return true;
    }
    return false;
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

}  // namespace proxy
