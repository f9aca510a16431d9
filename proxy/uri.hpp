#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace proxy {

struct RequestTarget {
    std::string path;  // decoded and normalised: nginx's $uri
    std::string args;  // after '?', as sent
    bool has_args = false;
    std::string host;  // from an absolute-form target ("http://host/..."), validated; else empty
    std::size_t origin_start = 0;  // where an absolute-form target's path (or '?') begins; else 0
};

// nginx's parsing of a request target: absolute form accepted, %XX decoded, "//" merged (when asked),
// "/./" and "/../" resolved. Nothing when nginx answers 400 (e.g. "/../" above the root, no leading '/');
// then `bad_host`, when given, tells whether it was for the host of an absolute target.
std::optional<RequestTarget> parse_target(std::string_view target, bool merge_slashes, bool* bad_host = nullptr);

// The value of a hex digit of a %XX escape (either case); -1 for any other character.
inline int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = static_cast<char>(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// What nginx's ngx_escape_uri writes as %XX besides controls, space and bytes above 0x7e: for a URI it
// rebuilt (NGX_ESCAPE_URI), and for arguments (NGX_ESCAPE_ARGS).
inline constexpr std::string_view kUriSpecials = "\"#%<>?\\^`{|}";
inline constexpr std::string_view kArgsSpecials = "\"#%&+;<>?\\^`{|}";
std::string escape_uri(std::string_view s, std::string_view specials = kUriSpecials);

}  // namespace proxy
