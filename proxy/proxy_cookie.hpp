#pragma once
// proxy_cookie_domain, proxy_cookie_path and proxy_cookie_flags: an upstream's Set-Cookie lines rewritten
// as nginx's proxy module rewrites them.
#include <string>
#include <string_view>
#include <vector>

#include "confparse/config.hpp"

namespace proxy {

class Runtime;
struct RequestContext;

// One "name" or "name=value" of a Set-Cookie line, without the spaces around either.
struct CookieAttribute {
    std::string name;
    std::string value;
    bool has_value = false;  // there was a '=' (the value may still be empty)
    bool removed = false;    // by a "no" flag
};

// nginx's proxy_cookie_flags flags as bits: which ones a rule set (secure, nosecure, ...).
enum CookieFlag : unsigned {
    kCookieSecure = 1u << 0,
    kCookieNoSecure = 1u << 1,
    kCookieHttpOnly = 1u << 2,
    kCookieNoHttpOnly = 1u << 3,
    kCookieSameSiteStrict = 1u << 4,
    kCookieSameSiteLax = 1u << 5,
    kCookieSameSiteNone = 1u << 6,
    kCookieNoSameSite = 1u << 7,
};

// True when the level has any proxy_cookie_* rules.
inline bool rewrites_cookies(const confparse::HttpScope& scope) {
    return !scope.proxy_cookie_domain->empty() || !scope.proxy_cookie_path->empty() ||
           !scope.proxy_cookie_flags->empty();
}

// A Set-Cookie value split at each ';' as nginx splits it (the first attribute is the cookie itself).
std::vector<CookieAttribute> parse_cookie(std::string_view value);
// The attributes joined again by "; ", as nginx writes a rewritten line; removed ones left out.
std::string join_cookie(const std::vector<CookieAttribute>& attributes);
// A flag's bit (compared without case), 0 for a word that is none.
unsigned cookie_flag(std::string_view name);
// Applies the flags to the cookie's attributes as nginx: Secure, HttpOnly and SameSite changed or removed
// where they are, and the missing ones that are set appended, in that order.
void edit_cookie_flags(std::vector<CookieAttribute>& attributes, unsigned flags);

// Rewrites a Set-Cookie value by the level's rules; false (and `value` untouched) when none changes it, or
// it is no "name=value" cookie. Regex rules leave their captures in `r`, as nginx.
bool rewrite_cookie(const Runtime& runtime, RequestContext& r, const confparse::HttpScope& scope, std::string& value);


}  // namespace proxy
