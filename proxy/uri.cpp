#include "proxy/uri.hpp"

#include <cctype>
#include <vector>

#include "proxy/host.hpp"

namespace proxy {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// nginx's request-line grammar for an absolute target (ngx_http_parse_request_line): a scheme of
// letters, digits, '+', '-', '.'; "://"; a host of letters, digits, '.', '-', or an IP literal in
// brackets of unreserved characters, sub-delims and ':'; digits of a port; then '/', '?' or the end.
// Returns the host as written and leaves `target` at what follows it; nothing when nginx answers 400.
std::optional<std::string_view> take_authority(std::string_view& target) {
    size_t i = 0;
    auto in_scheme = [](char c) { return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.'; };
    while (i < target.size() && in_scheme(target[i])) ++i;
    if (target.substr(i, 3) != "://") return std::nullopt;
    i += 3;
    size_t host_start = i;
    if (i < target.size() && target[i] == '[') {
        constexpr std::string_view kLiteral = ":-._~!$&'()*+,;=";
        auto in_literal = [&](char c) { return is_alpha(c) || is_digit(c) || kLiteral.find(c) != kLiteral.npos; };
        for (++i; i < target.size() && target[i] != ']'; ++i) {
            if (!in_literal(target[i])) return std::nullopt;
        }
        if (i == target.size()) return std::nullopt;
        ++i;
    } else {
        auto in_name = [](char c) { return is_alpha(c) || is_digit(c) || c == '.' || c == '-'; };
        while (i < target.size() && in_name(target[i])) ++i;
    }
    std::string_view host = target.substr(host_start, i - host_start);
    if (i < target.size() && target[i] == ':') {
        ++i;
        while (i < target.size() && is_digit(target[i])) ++i;
    }
    if (i < target.size() && target[i] != '/' && target[i] != '?') return std::nullopt;
    target.remove_prefix(i);
    return host;
}

// Whether a path is already its own decoded and resolved form, as nearly every request's is: no %XX, no
// NUL, no "." or ".." segment (nor anything else starting with a dot, for simplicity), no "//" to merge.
bool plain_path(std::string_view path, bool merge_slashes) {
    for (size_t i = 0; i < path.size(); ++i) {
        char c = path[i];
        if (c == '%' || c == '\0') return false;
        if (c == '/' && i + 1 < path.size() && (path[i + 1] == '.' || (merge_slashes && path[i + 1] == '/'))) {
            return false;
        }
    }
    return true;
}

}  // namespace

std::optional<RequestTarget> parse_target(std::string_view target, bool merge_slashes, bool* bad_host) {
    RequestTarget t;
    std::string absolute_path;
    if (!target.empty() && is_alpha(target[0])) {
        const std::size_t whole = target.size();
        auto host = take_authority(target);
        if (!host) return std::nullopt;
        auto valid = validate_host(*host);
        if (!valid) {
            if (bad_host) *bad_host = true;
            return std::nullopt;
        }
        t.host = std::move(*valid);
        t.origin_start = whole - target.size();
        // as nginx: "http://host?args" has the path "/"
        if (target.empty() || target[0] == '?') {
            absolute_path = "/";
            absolute_path += target;
            target = absolute_path;
        }
    }
    target = target.substr(0, target.find('#'));  // as nginx: a fragment is not part of the URI nor the args
    if (target.empty() || target[0] != '/') return std::nullopt;
    size_t q = target.find('?');
    if (q != std::string_view::npos) {
        t.args = std::string(target.substr(q + 1));
        t.has_args = true;
        target = target.substr(0, q);
    }
    if (plain_path(target, merge_slashes)) {
        t.path = target;
        return t;
    }
    std::string decoded;
    decoded.reserve(target.size());
    for (size_t i = 0; i < target.size(); ++i) {
        char c = target[i];
        if (c == '%' && i + 2 < target.size()) {
            int hi = hex_digit(target[i + 1]), lo = hex_digit(target[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
        } else if (c == '%') {
            return std::nullopt;
        }
        if (c == '\0') return std::nullopt;
        decoded += c;
    }
    // Resolve segments: "." dropped, ".." pops (never above the root), empty segments merged if asked.
    std::vector<std::string_view> segments;
    std::string_view rest(decoded);
    rest.remove_prefix(1);
    bool trailing_slash = false;
    while (true) {
        size_t slash = rest.find('/');
        std::string_view seg = rest.substr(0, slash);
        bool last = slash == std::string_view::npos;
        if (seg == ".") {
            trailing_slash = last;
        } else if (seg == "..") {
            if (segments.empty()) return std::nullopt;
            segments.pop_back();
            trailing_slash = last;
        } else if (seg.empty() && merge_slashes && !last) {
            // "//" becomes "/"
        } else {
            segments.push_back(seg);
            trailing_slash = false;
        }
        if (last) break;
        rest.remove_prefix(slash + 1);
    }
    t.path = "/";
    for (size_t i = 0; i < segments.size(); ++i) {
        if (i) t.path += '/';
        t.path += segments[i];
    }
    if (trailing_slash && t.path.back() != '/') t.path += '/';
    return t;
}

std::string escape_uri(std::string_view s, std::string_view specials) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (c <= 0x20 || c >= 0x7f || specials.find(static_cast<char>(c)) != std::string_view::npos) {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace proxy
