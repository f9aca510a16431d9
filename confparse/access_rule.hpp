#pragma once
// The argument of allow and deny, read as nginx's ngx_http_access_rule and ngx_ptocidr do.
#include <optional>
#include <string_view>

#include "confparse/config.hpp"

namespace confparse {

// "all", "unix:", an IPv4 or IPv6 address, or either with "/bits". Address bits beyond the mask are
// dropped, as nginx does, and `bits_dropped` (when given) says so: nginx warns that they are meaningless.
// Nothing when nginx would say `invalid parameter`.
std::optional<AccessRule> read_access_rule(std::string_view text, bool deny, bool* bits_dropped = nullptr);

// The network an IPv4 or IPv6 rule names, as geo and realip keep it.
GeoNetwork network_of(const AccessRule& rule);

}  // namespace confparse
