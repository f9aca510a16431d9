#pragma once
// nginx's access phase (ngx_http_access_handler): whether a client's address is denied by a level's
// allow and deny rules.
#include <string_view>
#include <vector>

#include "confparse/config.hpp"

namespace proxy {

// As nginx: an IPv4 client is checked against the IPv4 rules and "all", an IPv6 one against the IPv6
// rules and "all" (an IPv4-mapped one as IPv4 when there are IPv4 rules), a unix-socket one ("unix:")
// against "unix:" and "all"; the first that matches decides, and none matching allows.
// `client` is the numeric address ($remote_addr), or "unix:" for a unix-domain connection.
bool access_denied(const std::vector<confparse::AccessRule>& rules, std::string_view client);

}  // namespace proxy
