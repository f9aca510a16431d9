#pragma once
// nginx's X-Accel-Redirect (ngx_http_upstream_process_headers): an upstream answer that names a URI in
// it is not passed on; the request goes there by an internal redirect (as a GET, unless HEAD), or to the
// named location it names, keeping some of the answer's headers.
#include <optional>
#include <string>
#include <string_view>

#include "proxy/error_page.hpp"

namespace proxy {

struct SafeUri {
    std::string uri;   // decoded
    std::string args;  // after '?', as sent
};

// As nginx's ngx_http_parse_unsafe_uri: the path and arguments of `target`, %XX decoded; nothing when it
// is unsafe (empty, no path before '?', a ".." segment, a NUL).
std::optional<SafeUri> parse_unsafe_uri(std::string_view target);

// The upstream headers nginx keeps for the redirected request (those marked "redirect" in its table),
// but Content-Type, which is kept on its own (RequestContext::kept_content_type).
bool kept_on_accel_redirect(std::string_view name);

template <class Stream>
net::awaitable<void> follow_accel_redirect(Exchange<Stream>& x, std::string target) {
    RequestContext& r = x.r;
    const ErrorLog& log = x.runtime.error_log(x.scope);
    const bool named = !target.empty() && target[0] == '@';
    const confparse::Location* location = nullptr;
    if (named) {
        location = find_named_location(x, target);
        if (!location) co_return co_await send_error(x, 500);
    } else {
        auto safe = parse_unsafe_uri(target);
        if (!safe) {
            log.write(confparse::LogLevel::Error, r.connection->id,
                      "unsafe URI \"" + target + "\" was detected" + error_context(r));
            co_return co_await send_error(x, 404);
        }
        r.uri = std::move(safe->uri);
        r.args = std::move(safe->args);
        r.has_args = !r.args.empty();
        r.rewritten = true;
        if (r.method != "HEAD") r.method = "GET";
    }
    co_await redirect_internally(x, target, location);
}

}  // namespace proxy
