#pragma once
// The answer of the rewrite phases ("return", a redirecting "rewrite"): a status with a text, a redirect,
// or nginx's page for the code.
#include "proxy/content_type.hpp"
#include "proxy/exchange.hpp"
#include "proxy/rewrite.hpp"

namespace proxy {

template <class Stream>
net::awaitable<void> handle_return(Exchange<Stream>& x, const RewriteAnswer& ret) {
    int code = ret.code;
    if (code == 444) {  // as nginx: the connection is closed without an answer (error_page or not), 444 logged
        x.r.status = 444;
        x.failed = true;
        co_return;
    }
    // as nginx's ngx_http_send_response, which a "return" with a text or below 400 goes through: the body is
    // dropped first, after a "100 Continue" when one is owed (a special page alone sends none)
    if (ret.returned && (code < 400 || ret.text)) co_await discard_body(x);
    bool redirect = code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    // as nginx: a redirect, or an error without a text, is a special response (error_page applies)
    if (redirect) {
        std::string location = ret.text ? *ret.text : std::string();
        co_return co_await send_error(x, code, location);
    }
    if (!ret.text && code >= 400) co_return co_await send_error(x, code);
    if (!ret.text) co_return co_await send_special_page(x, code, std::string());
    ResponseHead head;
    head.status = code;
    // as nginx: by the URI's extension, as a file would be
    head.content_type = x.r.kept_content_type.empty() ? content_type_for(x.scope, x.r.uri) : x.r.kept_content_type;
    head.upstream_type = !x.r.kept_content_type.empty();
    co_await send_response(x, std::move(head), *ret.text);
}

}  // namespace proxy
