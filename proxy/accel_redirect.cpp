#include "proxy/accel_redirect.hpp"

#include <strings.h>

#include <array>

#include "proxy/uri.hpp"

namespace proxy {
namespace {

// A ".." segment at `at` (the start, or just past a '/'): "..", "../", as nginx's "/../" and "/.." checks.
bool dot_dot_at(std::string_view s, std::size_t at) {
    return s.size() >= at + 2 && s[at] == '.' && s[at + 1] == '.' && (s.size() == at + 2 || s[at + 2] == '/');
}

// No ".." segment and no NUL.
bool safe_path(std::string_view s) {
    if (dot_dot_at(s, 0)) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\0') return false;
        if (s[i] == '/' && dot_dot_at(s, i + 1)) return false;
    }
    return true;
}

// %XX decoded; a '%' not followed by two hex digits stays as it is.
std::string unescape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        int high = s[i] == '%' && i + 2 < s.size() ? hex_digit(s[i + 1]) : -1;
        int low = high >= 0 ? hex_digit(s[i + 2]) : -1;
        if (low < 0) {
            out += s[i];
            continue;
        }
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

}  // namespace

std::optional<SafeUri> parse_unsafe_uri(std::string_view target) {
    if (target.empty() || target[0] == '?') return std::nullopt;
    SafeUri out;
    std::size_t question = target.find('?');
    std::string_view path = target.substr(0, question);
    if (question != std::string_view::npos) out.args = std::string(target.substr(question + 1));
    if (!safe_path(path)) return std::nullopt;
    out.uri = path.find('%') == std::string_view::npos ? std::string(path) : unescape(path);
    if (!safe_path(out.uri)) return std::nullopt;
    return out;
}

bool kept_on_accel_redirect(std::string_view name) {
    static constexpr std::array<std::string_view, 5> kKept = {"Set-Cookie", "Content-Disposition", "Cache-Control",
                                                              "Expires", "Accept-Ranges"};
    for (std::string_view kept : kKept) {
        if (kept.size() == name.size() && strncasecmp(kept.data(), name.data(), name.size()) == 0) return true;
    }
    return false;
}

}  // namespace proxy
