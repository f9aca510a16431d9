#pragma once
// nginx's access module (ngx_http_access_handler): what a level's allow and deny rules say of a client's
// address.
#include <string_view>
#include <vector>

#include "confparse/config.hpp"
#include "proxy/access_phase.hpp"

namespace proxy {

// As nginx: an IPv4 client is checked against the IPv4 rules and "all", an IPv6 one against the IPv6
// rules and "all" (an IPv4-mapped one as IPv4 when there are IPv4 rules), a unix-socket one ("unix:")
// against "unix:" and "all"; the first that matches decides: kAccessAllowed, or 403 for a deny rule. None
// matching is kAccessDeclined (which lets the request on unless "satisfy any" needs a module to allow).
// `client` is the numeric address ($remote_addr), or "unix:" for a unix-domain connection.
int access_answer(const std::vector<confparse::AccessRule>& rules, std::string_view client);

}  // namespace proxy
