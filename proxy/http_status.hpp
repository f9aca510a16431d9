#pragma once
// nginx's status lines and error pages.
#include <string>
#include <string_view>

namespace proxy {

// The status line's reason phrase as nginx writes it ("302 Moved Temporarily"); empty for codes it has none for.
std::string_view reason_phrase(int code);

// nginx's special codes: answered with status 400 but their own page.
inline constexpr int kHeaderTooLarge = 494;
inline constexpr int kCertError = 495;
inline constexpr int kNoCert = 496;
inline constexpr int kHttpToHttps = 497;

// The status actually sent for a code (494..497 become 400).
int wire_status(int code);

// nginx's HTML error page for a code, or empty when nginx sends none (e.g. 2xx, 304).
std::string error_page(int code, std::string_view server_version);

// What msie_padding appends to a 4xx or 5xx page for MSIE and Chrome, whose own "friendly" page replaces
// a shorter one.
std::string_view msie_padding();

// msie_refresh's answer to MSIE for a redirect: a page that refreshes to `location` (escaped as nginx's
// NGX_ESCAPE_REFRESH).
std::string refresh_page(std::string_view location);

}  // namespace proxy
