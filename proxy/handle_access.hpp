#pragma once
// nginx's access phase, after the rewrite phases and before the content handler: a client that the
// level's allow and deny rules deny gets 403, and the error log says so as nginx does.
#include "proxy/access_check.hpp"
#include "proxy/exchange.hpp"

namespace proxy {

// Whether the level's rules deny the client; if so, nginx's error line is written (the caller answers 403).
template <class Stream>
bool access_refused(Exchange<Stream>& x) {
    if (!access_denied(*x.scope.access, x.r.client_address())) return false;
    x.runtime.error_log(x.scope).write(confparse::LogLevel::Error, x.r.connection->id,
                                       "access forbidden by rule" + error_context(x.r));
    return true;
}

}  // namespace proxy
