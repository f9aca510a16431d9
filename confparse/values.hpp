#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace confparse {

// Value syntaxes as nginx reads them. Each returns nothing for text nginx would reject.

// A non-negative decimal number, digits only (ngx_atoi).
std::optional<std::int64_t> parse_number(std::string_view s);
// A size: a number with an optional k/K or m/M suffix (ngx_parse_size).
std::optional<std::int64_t> parse_size(std::string_view s);
// An offset: like a size, also with g/G (ngx_parse_offset).
std::optional<std::int64_t> parse_offset(std::string_view s);
// A time in milliseconds: "500ms", "30s", "1h 30m", a bare number meaning seconds (ngx_parse_time).
// Years and months are not allowed in milliseconds, as in nginx.
std::optional<std::int64_t> parse_msec(std::string_view s);
// A time in seconds; "ms" is not allowed (ngx_parse_time with is_sec).
std::optional<std::int64_t> parse_sec(std::string_view s);

}  // namespace confparse
