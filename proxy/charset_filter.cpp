#include "proxy/charset_filter.hpp"

#include <strings.h>

#include <algorithm>
#include <boost/beast/core/string.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "proxy/variables.hpp"

namespace proxy {
namespace {

using Kind = confparse::CharsetName::Kind;

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// ngx_http_get_charset: whether a charset_map, charset or source_charset names it
bool known(const confparse::Http& http, std::string_view name) {
    return std::any_of(http.charsets.begin(), http.charsets.end(), [&](const auto& c) { return same_name(c, name); });
}

const confparse::CharsetMap* map_between(const confparse::Http& http, std::string_view a, std::string_view b) {
    for (const auto& m : http.charset_maps) {
        if ((same_name(m.from, a) && same_name(m.to, b)) || (same_name(m.from, b) && same_name(m.to, a))) return &m;
    }
    return nullptr;
}

struct ParsedType {
    std::size_t type_length;  // nginx's content_type_len: what the types are matched against
    std::string charset;      // the charset= parameter's value, empty when none
};

// As nginx's upstream reads a Content-Type: the first "charset=" parameter (without its quotes) to the end
// of the value is the charset, and what comes before its ';' the type.
ParsedType parse_upstream_type(std::string_view value) {
    for (std::size_t p = 0; p < value.size(); ++p) {
        if (value[p] != ';') continue;
        std::size_t semicolon = p;
        while (++p < value.size() && value[p] == ' ') {}
        if (p == value.size()) break;
        if (value.size() - p < 8 || strncasecmp(value.data() + p, "charset=", 8) != 0) continue;
        std::size_t start = p + 8, end = value.size();
        if (start < end && value[start] == '"') ++start;
        if (value[end - 1] == '"') --end;
        return {semicolon, std::string(value.substr(start, end > start ? end - start : 0))};
    }
    return {value.size(), {}};
}

// ngx_http_test_content_type, on the lower-cased type
bool listed(const std::vector<std::string>& types, std::string_view type) {
    if (types.size() == 1 && types.front() == "*") return true;
    return std::any_of(types.begin(), types.end(), [&](const std::string& t) { return same_name(t, type); });
}

bool encoded(const ResponseHead& head) {
    return std::any_of(head.headers.begin(), head.headers.end(), [](const Header& h) {
        return boost::beast::iequals(h.name, "Content-Encoding") && !h.value.empty();
    });
}

// ngx_http_set_charset, then the header filter: "; charset=NAME" after a type without parameters, never on
// a 301 or 302 (old browsers took a redirect's charset for the next page's); a subrequest's header is not
// the client's. `type_only` drops the upstream's parameters first.
void label(ResponseHead& head, CharsetOutcome& out, const ParsedType& type, const std::string& charset, bool type_only,
           bool subrequest) {
    if (subrequest) return;
    if (type_only) head.content_type.resize(type.type_length);
    out.charset = head.status == 301 || head.status == 302 ? std::string() : charset;
    if (out.charset.empty()) return;
    if (head.content_type.size() == type.type_length) head.content_type.append("; charset=").append(charset);
}

std::string no_map(const std::string& from, const std::string& to) {
    return "no \"charset_map\" between the charsets \"" + from + "\" and \"" + to + "\"";
}

// A charset setting's name for this request: nothing when it is a variable that is not found.
std::optional<std::string> charset_name(const confparse::CharsetName& c, const RequestContext& r) {
    if (c.kind == Kind::Variable) return variable_value(c.name, r);
    return c.name;
}

}  // namespace

CharsetOutcome apply_charset(ResponseHead& head, const confparse::HttpScope& scope, const confparse::Http& http,
                             const RequestContext& r, bool subrequest) {
    CharsetOutcome out;
    if (head.content_type.empty() && !subrequest) return out;
    ParsedType type =
        head.upstream_type ? parse_upstream_type(head.content_type) : ParsedType{head.content_type.size(), {}};
    out.charset = type.charset;

    // the charset to give: a subrequest's main request's, X-Accel-Charset's, else the level's for the types
    // it lists
    std::string to;
    bool to_known = true;
    if (subrequest) {
        to = r.main_charset;
        to_known = known(http, to);
    } else if (!head.accel_charset.empty()) {
        if (!known(http, head.accel_charset)) {
            out.error = "unknown charset \"" + head.accel_charset + "\" to override";
            return out;
        }
        to = head.accel_charset;
    } else {
        if (scope.charset->kind == Kind::Off) return out;
        if (!type.charset.empty()
                ? !*scope.override_charset
                : !listed(*scope.charset_types, std::string_view(head.content_type).substr(0, type.type_length))) {
            return out;
        }
        auto name = charset_name(*scope.charset, r);
        if (!name) return {true, {}, {}};
        to = std::move(*name);
        to_known = scope.charset->kind == Kind::Name || known(http, to);
    }

    // the answer's own: the upstream's charset, else source_charset
    std::string from;
    if (!type.charset.empty()) {
        from = type.charset;
    } else if (scope.source_charset->kind == Kind::Off) {
        label(head, out, type, to, false, subrequest);
        return out;
    } else {
        auto name = charset_name(*scope.source_charset, r);
        if (!name) return {true, {}, {}};
        from = std::move(*name);
    }
    bool from_known = known(http, from);

    if (!to_known || !from_known) {
        // as nginx: two unknown names agree when the source starts with the destination, whatever the case
        bool agree = !to_known && !from_known && strncasecmp(to.c_str(), from.c_str(), to.size()) == 0;
        if (!agree) {
            out.error = no_map(from, to);
            return out;
        }
        label(head, out, type, to, false, subrequest);
        return out;
    }
    if (same_name(from, to)) {
        label(head, out, type, to, true, subrequest);
        return out;
    }
    if (encoded(head)) return out;
    const confparse::CharsetMap* map = map_between(http, from, to);
    if (!map || map->utf8) {
        out.error =
            map ? "recoding from \"" + from + "\" to \"" + to + "\" is not supported by nproxy" : no_map(from, to);
        return out;
    }
    label(head, out, type, to, true, subrequest);
    head.recode = same_name(map->from, from) ? &map->forward : &map->backward;
    return out;
}

}  // namespace proxy
