// proxy_cookie_domain, proxy_cookie_path and proxy_cookie_flags: the rules that rewrite an upstream's
// Set-Cookie lines (proxy/proxy_cookie.cpp applies them).
#include "confparse/setters.hpp"

namespace confparse {

RedirectRule read_rewrite_rule(BuildState& b, const Directive& d);

namespace {

// As nginx's proxy_cookie_* handlers: "off" alone, or one rule per directive; "off" after rules, or anything
// after "off", is a duplicate. A level without rules of its own takes its parent's.
template <class T>
Row rules_or_off(std::string_view name, unsigned shape, Setting<std::vector<T>> HttpScope::*member,
                 T (*read)(BuildState&, const Directive&)) {
    Row row{name, kHttpLevels, shape};
    row.set = [member, read](BuildState& b, const Directive& d) {
        auto& s = b.scope().*member;
        if (s.is_set() && s->empty()) fail_directive(d, "is duplicate");
        if (d.args.size() == 1) {
            if (d.args[0] != "off") fail(d, "invalid parameter \"" + d.args[0] + "\"");
            if (s.is_set()) fail_directive(d, "is duplicate");
            s = {std::vector<T>{}, d.where};
            return;
        }
        if (!s.is_set()) s = {std::vector<T>{}, d.where};
        s.value->push_back(read(b, d));
    };
    row.merge = [member](HttpScope& child, const HttpScope& parent) {
        (child.*member).merge(parent.*member, std::vector<T>{});
    };
    return row;
}

// As nginx: "~" makes a caseless regex (there is no "~*": its '*' goes to the regex, which then fails);
// a domain and its replacement lose a leading '.', which the cookie's own domain keeps.
RedirectRule read_domain_rule(BuildState& b, const Directive& d) {
    RedirectRule rule;
    rule.pattern = d.args[0];
    rule.replacement = d.args[1];
    rule.where = d.where;
    if (rule.pattern.starts_with('~')) {
        rule.kind = RedirectRule::Kind::RegexCaseless;
        rule.pattern.erase(0, 1);
        b.note_named_captures(rule.pattern, d);
    } else {
        if (rule.pattern.starts_with('.')) rule.pattern.erase(0, 1);
        if (rule.replacement.starts_with('.')) rule.replacement.erase(0, 1);
        b.note_variables(rule.pattern, d);
    }
    b.note_variables(rule.replacement, d);
    return rule;
}

// As nginx 1.22, the flags are texts with variables, checked only when a response is rewritten: an
// unknown or repeated one is no error here.
CookieFlagsRule read_flags_rule(BuildState& b, const Directive& d) {
    CookieFlagsRule rule{d.args[0], false, {d.args.begin() + 1, d.args.end()}, d.where};
    if (rule.cookie.starts_with('~')) {
        rule.regex = true;
        rule.cookie.erase(0, 1);
        b.note_named_captures(rule.cookie, d);
    } else {
        b.note_variables(rule.cookie, d);
    }
    for (const std::string& flag : rule.flags) b.note_variables(flag, d);
    return rule;
}

}  // namespace

void add_proxy_cookie_rows(std::vector<Row>& rows) {
    rows.push_back(rules_or_off("proxy_cookie_domain", kTake12, &HttpScope::proxy_cookie_domain, read_domain_rule));
    rows.push_back(rules_or_off("proxy_cookie_path", kTake12, &HttpScope::proxy_cookie_path, read_rewrite_rule));
    rows.push_back(rules_or_off("proxy_cookie_flags", kTake1234, &HttpScope::proxy_cookie_flags, read_flags_rule));
}

}  // namespace confparse
