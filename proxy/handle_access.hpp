#pragma once
// nginx's access phase, after the rewrite phases and before the content handler: a client that the
// level's allow and deny rules deny gets 403, and the error log says so as nginx does.
#include "proxy/access_check.hpp"
#include "proxy/exchange.hpp"

namespace proxy {

// False when the request was refused (and answered).
template <class Stream>
net::awaitable<bool> check_access(Exchange<Stream>& x) {
    if (!access_denied(*x.scope.access, x.r.connection->remote_addr)) co_return true;
    x.runtime.error_log(x.scope).write(confparse::LogLevel::Error, x.r.connection->id,
                                       "access forbidden by rule" + error_context(x.r));
    co_await send_error(x, 403);
    co_return false;
}

}  // namespace proxy
