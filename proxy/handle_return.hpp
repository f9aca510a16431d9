#pragma once
// The answer of the rewrite phases ("return", a redirecting "rewrite"): a status with a text, a redirect,
// or nginx's page for the code.
#include "proxy/exchange.hpp"
#include "proxy/rewrite.hpp"

namespace proxy {

template <class Stream>
net::awaitable<void> handle_return(Exchange<Stream>& x, const RewriteAnswer& ret) {
    int code = ret.code;
    if (code == 444) {  // as nginx: the connection is closed without an answer, and 444 is logged
        x.r.status = 444;
        x.failed = true;
        co_return;
    }
    std::string text = ret.text.value_or(std::string());
    bool redirect = code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    if (redirect && ret.text) {
        ResponseHead head;
        head.status = code;
        head.location = absolute_location(x, text);
        std::string page = error_page(code, server_header(*x.scope.server_tokens));
        head.content_type = "text/html";
        co_await send_response(x, std::move(head), page);
        co_return;
    }
    if (ret.text) {
        ResponseHead head;
        head.status = code;
        head.content_type = *x.scope.default_type;
        co_await send_response(x, std::move(head), text);
        co_return;
    }
    co_await send_error(x, code);
}

}  // namespace proxy
