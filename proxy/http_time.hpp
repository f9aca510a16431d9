#pragma once
// Reading an HTTP date, as nginx's ngx_parse_http_time: for conditional requests, If-Range, "expires
// modified" on an upstream's Last-Modified, and gzip_proxied's Expires and Date checks.
#include <cstdint>
#include <optional>
#include <string_view>

namespace proxy {

// An HTTP date in any of the three forms nginx reads (RFC 822/1123, RFC 850, asctime), as Unix seconds;
// nothing when it is none. What follows the seconds (" GMT") is not checked.
std::optional<std::int64_t> parse_http_time(std::string_view text);

}  // namespace proxy
