#pragma once
// nginx's access phase, after the rewrite phases and before the content handler: allow/deny, then
// auth_basic, weighed as the level's satisfy says; the error log lines as nginx writes them.
#include "proxy/access_check.hpp"
#include "proxy/access_phase.hpp"
#include "proxy/auth_basic.hpp"
#include "proxy/error_page.hpp"

namespace proxy {

template <class Stream>
void log_forbidden(Exchange<Stream>& x) {
    x.runtime.error_log(x.scope).write(confparse::LogLevel::Error, x.r.connection->id,
                                       "access forbidden by rule" + error_context(x.r));
}

// The access modules before auth_request, in nginx's order: allow/deny, then auth_basic; true once they
// decided the phase.
template <class Stream>
bool first_access_modules(Exchange<Stream>& x, AccessPhase& phase) {
    const int rules = access_answer(*x.scope.access, x.r.client_address());
    if (rules == 403 && *x.scope.satisfy == confparse::Satisfy::All) log_forbidden(x);
    return phase.decided_by(rules) || phase.decided_by(auth_basic_status(x.runtime, x.scope, x.r));
}

// The phase's end, once its modules have answered: 0 to let the request on, else the status to answer it with.
template <class Stream>
int access_phase_end(Exchange<Stream>& x, const AccessPhase& phase) {
    if (phase.logs_forbidden()) log_forbidden(x);
    if (phase.drops_challenge()) {
        std::erase_if(x.r.kept_headers, [](const Header& h) { return beast::iequals(h.name, "WWW-Authenticate"); });
    }
    return phase.status();
}

// The phase of a level without auth_request, whose modules all answer at once.
template <class Stream>
int access_phase_status(Exchange<Stream>& x) {
    // as nginx: a subrequest (an SSI include) skips the access phase, its main request went through it
    if (x.sink && x.sink->subrequest) return 0;
    AccessPhase phase(*x.scope.satisfy);
    first_access_modules(x, phase);
    return access_phase_end(x, phase);
}

// as nginx's auth_delay: the access phase's 401 goes out after the level's delay (so that a wrong password
// costs a guesser time), with nginx's info line.
template <class Stream>
net::awaitable<void> delay_unauthorized(Exchange<Stream>& x) {
    x.runtime.error_log(x.scope).write(confparse::LogLevel::Info, x.r.connection->id,
                                       "delaying unauthorized request" + error_context(x.r));
    net::steady_timer timer(x.socket().get_executor(), std::chrono::milliseconds(*x.scope.auth_delay));
    co_await timer.async_wait(use_nothrow);
    co_await send_error(x, 401);
}

}  // namespace proxy
