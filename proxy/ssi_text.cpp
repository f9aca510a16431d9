#include "proxy/ssi_text.hpp"

#include <cctype>

#include "proxy/uri.hpp"

namespace proxy::ssi {
namespace {

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Reads a literal part up to the next unescaped '$', with nginx's escapes.
void literal(std::string_view text, std::size_t& i, std::string& out) {
    bool quoted = false;
    for (; i < text.size(); ++i) {
        char c = text[i];
        if (!quoted) {
            if (c == '\\') {
                quoted = true;
                continue;
            }
            if (c == '$') return;
        } else {
            quoted = false;
            if (c != '\\' && c != '\'' && c != '"' && c != '$') out += '\\';
        }
        out += c;
    }
}

}  // namespace

std::optional<std::string> evaluate(std::string_view text, const Lookup& lookup, std::string& error) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] != '$') {
            literal(text, i, out);
            continue;
        }
        ++i;
        bool bracket = i < text.size() && text[i] == '{';
        if (bracket) ++i;
        std::size_t start = i;
        while (i < text.size() && name_char(text[i])) ++i;
        std::string name(text.substr(start, i - start));
        if (bracket) {
            if (i == text.size() || text[i] != '}') {
                error = "the closing bracket in \"" + std::string(text.substr(start)) + "\" variable is missing";
                return std::nullopt;
            }
            ++i;
        }
        if (name.empty()) {
            error = "invalid variable name in \"" + std::string(text) + "\"";
            return std::nullopt;
        }
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (auto value = lookup(name)) out += *value;
    }
    return out;
}

std::string relative_to(std::string_view uri, std::string_view current_uri) {
    if (!uri.empty() && uri.front() == '/') return std::string(uri);
    std::size_t slash = current_uri.rfind('/');
    return std::string(current_uri.substr(0, slash == std::string_view::npos ? 0 : slash + 1)) + std::string(uri);
}

namespace {

// nginx's ngx_unescape_uri as the include takes it: %XX decoded; of a '%' that two hex digits do not follow,
// the '%' and the digit it had are dropped, as nginx's state machine drops them.
std::string unescape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        if (i + 1 >= s.size()) break;
        int high = hex_digit(s[i + 1]);
        if (high < 0) {  // "%z": the '%' goes, the 'z' stays
            out += s[++i];
            continue;
        }
        if (i + 2 >= s.size()) break;
        int low = hex_digit(s[i + 2]);
        i += 2;
        if (low >= 0) out += static_cast<char>(high << 4 | low);  // "%4z": all three go
    }
    return out;
}

}  // namespace

bool split_safe_uri(const std::string& text, std::string& path, std::string& args, bool& has_args) {
    if (text.empty() || text.front() == '?' || text.front() == '.') return false;
    std::size_t query = text.find('?');
    path = text.substr(0, query);
    // as nginx: the include names a URI as a client would send it; its escapes are decoded, then checked
    if (path.find('%') != std::string::npos) path = unescape(path);
    if (path.rfind("..", 0) == 0 && (path.size() == 2 || path[2] == '/')) return false;
    has_args = query != std::string::npos;
    args = has_args ? text.substr(query + 1) : std::string();
    if (path.find('\0') != std::string::npos) return false;
    for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
        std::string_view rest = std::string_view(path).substr(slash + 1);
        if (rest == "." || rest == ".." || rest.rfind("./", 0) == 0 || rest.rfind("../", 0) == 0) return false;
    }
    return true;
}

std::string escape_entity(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string escape_url(std::string_view text) {
    // nginx's NGX_ESCAPE_HTML table: controls, space, " # % ' < > \ ^ ` { | } and bytes from 0x7f on
    static constexpr std::string_view kEscaped = " \"#%'<>\\^`{|}";
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7f || kEscaped.find(c) != std::string_view::npos) {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 0xf];
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace proxy::ssi
