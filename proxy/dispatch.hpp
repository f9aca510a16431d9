#pragma once
// The content phase: the handler that answers a request once the rewrite phases have chosen its location.
#include "proxy/error_page.hpp"
#include "proxy/handle_proxy.hpp"
#include "proxy/handle_return.hpp"
#include "proxy/handle_static.hpp"
#include "proxy/handle_stub_status.hpp"

namespace proxy {

template <class Stream>
net::awaitable<void> dispatch(Exchange<Stream>& x, const RewriteAnswer& rewritten) {
    if (rewritten.code) co_return co_await handle_return(x, rewritten);
    if (x.r.server->stub_status && !x.r.location) co_return co_await handle_stub_status(x);
    // as nginx: a URI no location matches is served by the server level's settings (static files)
    if (const confparse::Location* loc = x.r.location) {
        if (loc->stub_status) co_return co_await handle_stub_status(x);
        if (!loc->proxy_pass.url.empty()) co_return co_await handle_proxy(x);
    }
    co_await handle_static(x);
}

}  // namespace proxy
