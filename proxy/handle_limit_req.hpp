#pragma once
// nginx's preaccess phase (limit_req), after the rewrite phases and before access: a request over its
// zone's rate is rejected (limit_req_status, 503 by default) or held back for its delay, then goes on.
#include "proxy/error_page.hpp"
#include "proxy/limit_req.hpp"

namespace proxy {

// Waits the delay, then runs the phases after this one (dispatch again: the limit is not checked twice).
template <class Stream>
net::awaitable<void> delay_request(Exchange<Stream>& x, confparse::Msec delay, RewriteAnswer rewritten) {
    net::steady_timer timer(x.socket().get_executor(), std::chrono::milliseconds(delay));
    co_await timer.async_wait(use_nothrow);
    co_await dispatch(x, rewritten);
}

// The verdict of the level's limits for the request (nothing to do when it has none).
template <class Stream>
LimitReqVerdict limit_requests(Exchange<Stream>& x) {
    return x.runtime.limit_requests().check(x.r, x.scope, x.runtime.error_log(x.scope));
}

}  // namespace proxy
