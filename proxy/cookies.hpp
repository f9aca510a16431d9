#pragma once
// Cookie values by name, as nginx finds them: $cookie_NAME in the request's Cookie headers, and
// $upstream_cookie_NAME in the upstream response's Set-Cookie headers.
#include <optional>
#include <string_view>

namespace proxy {

// The value of cookie `name` in one Cookie header ("a=1; b=2"), as ngx_http_parse_multi_header_lines:
// pairs are separated by ';' or ',', the name's case does not matter, the value ends at ';'.
std::optional<std::string_view> cookie_in_header(std::string_view header, std::string_view name);

// The value of one Set-Cookie header ("a=1; Path=/") when it sets cookie `name`
// (ngx_http_parse_set_cookie_lines): up to the first ';'.
std::optional<std::string_view> cookie_in_set_cookie(std::string_view header, std::string_view name);

}  // namespace proxy
