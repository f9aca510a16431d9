#include "proxy/uri.hpp"

#include <cctype>
#include <vector>

namespace proxy {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

}  // namespace

std::optional<RequestTarget> parse_target(std::string_view target, bool merge_slashes) {
    RequestTarget t;
    target = target.substr(0, target.find('#'));  // as nginx: a fragment is not part of the URI nor the args
    std::string absolute_path;
    for (std::string_view scheme : {"http://", "https://"}) {
        if (target.size() > scheme.size() && target.substr(0, scheme.size()) == scheme) {
            target.remove_prefix(scheme.size());
            size_t slash = target.find_first_of("/?");
            t.host = std::string(target.substr(0, slash));
            // as nginx: "http://host?args" has the path "/"
            absolute_path = slash == std::string_view::npos || target[slash] == '?' ? "/" : "";
            if (slash != std::string_view::npos) absolute_path += target.substr(slash);
            target = absolute_path;
            break;
        }
    }
    if (target.empty() || target[0] != '/') return std::nullopt;
    size_t q = target.find('?');
    if (q != std::string_view::npos) {
        t.args = std::string(target.substr(q + 1));
        t.has_args = true;
        target = target.substr(0, q);
    }
    std::string decoded;
    decoded.reserve(target.size());
    for (size_t i = 0; i < target.size(); ++i) {
        char c = target[i];
        if (c == '%' && i + 2 < target.size()) {
            int hi = hex_value(target[i + 1]), lo = hex_value(target[i + 2]);
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
