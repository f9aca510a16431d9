// The charset module's directives (ngx_http_charset_filter_module): charset, source_charset,
// override_charset, charset_types, charset_map; and what nginx checks of them once the levels are merged.
// nproxy recodes between single-byte charsets only: a level that would recode to or from UTF-8 is refused.
#include <strings.h>

#include <cstdint>
#include <optional>

#include "confparse/setters.hpp"
#include "confparse/variables.hpp"

namespace confparse {
namespace {

bool same_charset(const std::string& a, const std::string& b) {
    return a.size() == b.size() && strcasecmp(a.c_str(), b.c_str()) == 0;
}

// ngx_http_add_charset: a charset is known by its first spelling, whatever the case of the later ones;
// its index.
std::size_t add_charset(Http& http, const std::string& name) {
    for (std::size_t i = 0; i < http.charsets.size(); ++i) {
        if (same_charset(http.charsets[i], name)) return i;
    }
    http.charsets.push_back(name);
    return http.charsets.size() - 1;
}

// nginx's ngx_set_charset_slot: "off" (for charset only), "$variable", else a charset's name.
Row charset_name(std::string_view name, Setting<CharsetName> HttpScope::*member, bool off) {
    Row row{name, kHttpLevels | kLocationIf, kTake1};
    row.set = [member, off](BuildState& b, const Directive& d) {
        auto& s = b.scope().*member;
        if (s.is_set()) fail_directive(d, "is duplicate");
        const std::string& value = d.args[0];
        CharsetName c;
        if (off && value == "off") {
            c.kind = CharsetName::Kind::Off;
        } else if (!value.empty() && value[0] == '$') {
            if (value.size() == 1) fail(d, "invalid variable name \"$\"");
            c.kind = CharsetName::Kind::Variable;
            c.name = variable_key(value.substr(1));
            b.variables.push_back({c.name, d.where});
        } else {
            c.kind = CharsetName::Kind::Name;
            c.name = b.http().charsets[add_charset(b.http(), value)];
        }
        s = {std::move(c), d.where};
    };
    row.merge = [member](HttpScope& child, const HttpScope& parent) { (child.*member).merge(parent.*member, {}); };
    return row;
}

// ngx_hextoi: hexadecimal digits only, at least one; nothing on overflow.
std::optional<std::uint64_t> hex_number(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::uint64_t value = 0;
    for (char c : text) {
        char lower = static_cast<char>(c | 0x20);
        int digit = c >= '0' && c <= '9' ? c - '0' : lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
        if (digit < 0 || value > (INT64_MAX >> 4)) return std::nullopt;
        value = value * 16 + static_cast<std::uint64_t>(digit);
    }
    return value;
}

// A charset_map value towards UTF-8: hexadecimal byte pairs of one character of two or three bytes up to
// U+FFFF, as nginx decodes it (ngx_utf8_decode; bytes after the character are not looked at).
bool utf8_character(std::string_view hex) {
    if (hex.empty() || hex.size() % 2) return false;
    std::vector<std::uint32_t> bytes;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        auto byte = hex_number(hex.substr(i, 2));
        if (!byte) return false;
        bytes.push_back(static_cast<std::uint32_t>(*byte));
    }
    std::uint32_t first = bytes[0];
    if (first < 0xc2 || first >= 0xf0) return false;  // one byte, a stray continuation, or beyond U+FFFF
    std::size_t length = first >= 0xe0 ? 2 : 1;
    std::uint32_t valid = first >= 0xe0 ? 0x7ff : 0x7f;
    std::uint32_t code = first & (first >= 0xe0 ? 0x0f : 0x1f);
    if (bytes.size() - 1 < length) return false;
    for (std::size_t i = 1; i <= length; ++i) {
        if (bytes[i] < 0x80) return false;
        code = (code << 6) | (bytes[i] & 0x3f);
    }
    return code > valid;  // not an overlong form
}

void set_charset_map(BuildState& b, const Directive& d) {
    Http& http = b.http();
    std::size_t from_index = add_charset(http, d.args[0]);
    std::size_t to_index = add_charset(http, d.args[1]);
    if (from_index == to_index) {
        fail(d, "\"charset_map\" between the same charsets \"" + d.args[0] + "\" and \"" + d.args[1] + "\"");
    }
    const std::string& from = http.charsets[from_index];
    const std::string& to = http.charsets[to_index];
    // as nginx 1.22: only the first charset_map is compared with
    if (!http.charset_maps.empty()) {
        const CharsetMap& first = http.charset_maps.front();
        if ((first.from == from && first.to == to) || (first.from == to && first.to == from)) {
            fail(d, "duplicate \"charset_map\" between \"" + d.args[0] + "\" and \"" + d.args[1] + "\"");
        }
    }
    CharsetMap& map = http.charset_maps.emplace_back();
    map.from = from;
    map.to = to;
    map.utf8 = same_charset(from, "utf-8") || same_charset(to, "utf-8");
    map.where = d.where;
    for (std::size_t i = 0; i < 256; ++i)
        map.forward[i] = map.backward[i] = i < 128 ? static_cast<unsigned char>(i) : '?';
}

// One "SOURCE DESTINATION;" line of the table: byte codes in hexadecimal, the destination a character's
// UTF-8 bytes when the map goes to UTF-8.
void charset_map_line(BuildState& b, const Directive& d) {
    if (d.args.size() != 1) fail(d, "invalid parameters number");
    auto from = hex_number(d.name);
    if (!from || *from > 255) fail(d, "invalid value \"" + d.name + "\"");
    const std::string& value = d.args[0];
    CharsetMap& map = b.http().charset_maps.back();
    if (same_charset(map.to, "utf-8")) {
        if (!utf8_character(value)) fail(d, "invalid value \"" + value + "\"");
        return;
    }
    auto to = hex_number(value);
    if (!to || *to > 255) fail(d, "invalid value \"" + value + "\"");
    map.forward[*from] = static_cast<unsigned char>(*to);
    map.backward[*to] = static_cast<unsigned char>(*from);
}

const CharsetMap* map_between(const Http& http, const std::string& a, const std::string& b) {
    for (const CharsetMap& m : http.charset_maps) {
        if ((m.from == a && m.to == b) || (m.from == b && m.to == a)) return &m;
    }
    return nullptr;
}

// Calls `f` with each level's merged settings in nginx's merge order: a server, then its locations
// depth first.
template <class F>
void each_level(const std::vector<Location>& locations, F& f) {
    for (const Location& l : locations) {
        f(l.scope);
        each_level(l.locations, f);
    }
}

template <class F>
void each_level(const Http& http, F f) {
    for (const Server& s : http.servers) {
        f(s.scope);
        each_level(s.locations, f);
    }
}

}  // namespace

void check_charsets(const Http& http) {
    using Kind = CharsetName::Kind;
    // as nginx's postconfiguration: each pair of different charsets must have a charset_map
    each_level(http, [&](const HttpScope& s) {
        if (s.charset->kind != Kind::Name || s.source_charset->kind != Kind::Name) return;
        if (s.charset->name == s.source_charset->name || map_between(http, s.charset->name, s.source_charset->name)) {
            return;
        }
        throw ConfigError("no \"charset_map\" between the charsets \"" + s.source_charset->name + "\" and \"" +
                          s.charset->name + "\"");
    });
    // beyond nginx: recoding to or from UTF-8 is not there
    each_level(http, [&](const HttpScope& s) {
        if (s.charset->kind != Kind::Name || s.source_charset->kind != Kind::Name) return;
        const CharsetMap* map = map_between(http, s.charset->name, s.source_charset->name);
        if (!map || !map->utf8) return;
        throw ConfigError("recoding from \"" + s.source_charset->name + "\" to \"" + s.charset->name +
                              "\" by \"source_charset\" is not supported by nproxy (only between single-byte charsets)",
                          s.source_charset.where);
    });
}

void add_charset_rows(std::vector<Row>& rows) {
    rows.push_back(charset_name("charset", &HttpScope::charset, true));
    rows.push_back(charset_name("source_charset", &HttpScope::source_charset, false));
    rows.push_back(flag("override_charset", kHttpLevels | kLocationIf, &HttpScope::override_charset, false));
    rows.push_back(mime_types(
        "charset_types", &HttpScope::charset_types,
        {"text/html", "text/xml", "text/plain", "text/vnd.wap.wml", "application/javascript", "application/rss+xml"}));
    Row map{"charset_map", kHttp, kRawBlock | kTake2, set_charset_map};
    map.raw = charset_map_line;
    rows.push_back(map);
}

}  // namespace confparse
