#pragma once
// nginx's auth_request in the access phase: after allow/deny and auth_basic, unless they decided, a GET
// subrequest to the level's URI; its answer's status is the module's answer, auth_request_set's variables
// are taken from its context, and its body goes nowhere.
#include <memory>

#include "proxy/auth_request.hpp"
#include "proxy/handle_access.hpp"
#include "proxy/rewrite.hpp"
#include "proxy/subrequest.hpp"

namespace proxy {

template <class Stream>
net::awaitable<void> dispatch(Exchange<Stream>& x, const RewriteAnswer& rewritten);
template <class Stream>
net::awaitable<void> after_access(Exchange<Stream>& x);

// Runs the auth subrequest: the module's answer to the access phase, the 401's challenges kept for the
// answer, auth_request_set's variables set (whatever the status, as nginx).
template <class Stream>
net::awaitable<int> ask_auth_request(Exchange<Stream>& x) {
    std::unique_ptr<Subrequest> sub = make_subrequest(x.r, *x.scope.auth_request, "", false);
    RewriteAnswer rewritten = x.runtime.rewriter().run(x.runtime, sub->r);
    Exchange<Stream> sx = subrequest_exchange(x, *sub);
    AuthRequestCapture capture;
    sx.sink = &capture;
    co_await dispatch(sx, rewritten);
    if (sx.failed) x.failed = true;  // as nginx: a subrequest that fails ends its request
    for (const confparse::AuthRequestSet& set : *x.scope.auth_request_set) {
        std::string value = x.runtime.render(set.value, sub->r);
        if (!set_variable(x.r, set.name, value)) {
            x.runtime.error_log(x.scope).write(confparse::LogLevel::Error, x.r.connection->id,
                                               "invalid $limit_rate \"" + value + "\"" + error_context(x.r));
        }
    }
    const int answer = auth_request_answer(capture.status());
    if (answer == 401) {
        for (const Header& h : capture.challenges()) x.r.kept_headers.push_back(h);
    } else if (answer != 403 && answer != kAccessAllowed) {
        x.runtime.error_log(x.scope).write(confparse::LogLevel::Error, x.r.connection->id,
                                           "auth request unexpected status: " + std::to_string(capture.status()) +
                                               " while sending to client" + error_context(x.r));
    }
    co_return answer;
}

// The access phase of a level with auth_request, then what follows it.
template <class Stream>
net::awaitable<void> access_with_auth_request(Exchange<Stream>& x) {
    AccessPhase phase(*x.scope.satisfy);
    if (!first_access_modules(x, phase)) {
        int answer = co_await ask_auth_request(x);
        if (x.failed) co_return;
        phase.decided_by(answer);
    }
    if (int status = access_phase_end(x, phase)) {
        if (status == 401 && *x.scope.auth_delay) co_return co_await delay_unauthorized(x);
        co_return co_await send_error(x, status);
    }
    co_await after_access(x);
}

}  // namespace proxy
