#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace proxy {

struct RequestTarget {
    std::string path;  // decoded and normalised: nginx's $uri
    std::string args;  // after '?', as sent
    bool has_args = false;
    std::string host;  // from an absolute-form target ("http://host/..."), else empty
};

// nginx's parsing of a request target: absolute form accepted, %XX decoded, "//" merged (when asked),
// "/./" and "/../" resolved. Nothing when nginx answers 400 (e.g. "/../" above the root, no leading '/').
std::optional<RequestTarget> parse_target(std::string_view target, bool merge_slashes);

}  // namespace proxy
