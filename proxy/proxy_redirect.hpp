#pragma once
// proxy_redirect: the Location and Refresh headers of an upstream's answer, rewritten by the location's
// rules as nginx's proxy module does.
#include <string>

#include "proxy/exchange.hpp"

namespace proxy {

// Rewrites `value` from `from` on by the first of the level's rules that matches; false when none does.
// A regex rule's captures are left in `r` for its replacement, as nginx.
bool rewrite_redirect(const Runtime& runtime, RequestContext& r, const confparse::HttpScope& scope, std::string& value,
                      std::size_t from);

// A Refresh value with its "url=" part rewritten; as it came when it has none or no rule matches.
std::string rewrite_refresh(const Runtime& runtime, RequestContext& r, const confparse::HttpScope& scope,
                            std::string value);

// An upstream's Location as the client gets it: rewritten by proxy_redirect, and then, as nginx, made
// absolute when it became relative (one that no rule matched goes as it came).
template <class Stream>
std::string upstream_location(Exchange<Stream>& x, std::string value) {
    if (!rewrite_redirect(x.runtime, x.r, x.scope, value, 0)) return value;
    return absolute_location(x, value);
}

}  // namespace proxy
