#pragma once
// nginx's listen port ranges ("127.0.0.1:8182-8183", "[::1]:8000-8009", "8000-8009").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace confparse {

// The address once per port of its range, as ngx_parse_inet_url adds them; the address alone when it
// names no range. Nothing, with nginx's error text in `err`, for a bad range.
std::optional<std::vector<std::string>> expand_port_range(std::string_view address, std::string& err);

}  // namespace confparse
