#pragma once
// The phases after the rewrite phases have chosen the request's location: limits and access, try_files,
// then the content handler that answers it.
#include "proxy/error_page.hpp"
#include "proxy/gzip_filter.hpp"
#include "proxy/handle_access.hpp"
#include "proxy/handle_auth_request.hpp"
#include "proxy/handle_limit_req.hpp"
#include "proxy/handle_proxy.hpp"
#include "proxy/handle_return.hpp"
#include "proxy/handle_static.hpp"
#include "proxy/handle_status.hpp"
#include "proxy/handle_stub_status.hpp"
#include "proxy/handle_try_files.hpp"
#include "proxy/mirror.hpp"
#include "proxy/real_ip.hpp"
#include "proxy/ssi_filter.hpp"
#include "proxy/sub_filter.hpp"
#include "proxy/trailers_filter.hpp"

namespace proxy {

// The handler's own coroutine, not one around it: a frame fewer per request.
template <class Stream>
net::awaitable<void> dispatch(Exchange<Stream>& x, const RewriteAnswer& rewritten) {
    // nginx's filter order from the handler on: sub, SSI, gzip, trailers; each put in front of those after it
    using Stage = ResponseSink::Stage;
    if (!x.sink && !x.scope.add_trailer->empty() && x.r.http_version >= 11 && *x.scope.chunked_transfer_encoding &&
        x.r.method != "HEAD") {
        return dispatch_with_trailers(x, rewritten);
    }
    if (*x.scope.gzip && (!x.sink || x.sink->stage == Stage::Trailers)) return dispatch_with_gzip(x, rewritten);
    if (*x.scope.ssi && (!x.sink || x.sink->stage >= Stage::Gzip)) return dispatch_with_ssi(x, rewritten);
    if (!x.scope.sub_filter->empty() && (!x.sink || x.sink->stage != Stage::Sub)) {
        return dispatch_with_sub(x, rewritten);
    }
    if (rewritten.code) return handle_return(x, rewritten);
    apply_real_ip(x.scope, x.r);  // as nginx's preaccess phase, unless the post-read phase has
    if (LimitReqVerdict limited = limit_requests(x); limited.status) return send_error(x, limited.status);
    else if (limited.delay) return delay_request(x, limited.delay, rewritten);
    if (int status = x.runtime.limit_connections().check(x.r, x.scope, x.runtime.error_log(x.scope))) {
        return send_error(x, status);
    }
    if (!x.scope.auth_request->empty() && !(x.sink && x.sink->subrequest)) return access_with_auth_request(x);
    if (int status = access_phase_status(x)) {
        if (status == 401 && *x.scope.auth_delay) return delay_unauthorized(x);
        return send_error(x, status);
    }
    return after_access(x);
}

// What follows the access phase: nginx's precontent phase, where try_files runs before the mirrors (nginx
// calls a phase's handlers in the reverse of their modules' order), then the content handler.
template <class Stream>
net::awaitable<void> after_access(Exchange<Stream>& x) {
    // as nginx: a location's try_files, or the server's for a URI no location matches
    const std::vector<std::string>& tries = x.r.location ? x.r.location->try_files : x.r.server->try_files;
    if (!tries.empty()) return handle_try_files(x, tries);
    return after_try_files(x);
}

// The rest of the precontent phase once try_files has kept the request in its location (or there is
// none): the mirrors, then the content handler.
template <class Stream>
net::awaitable<void> after_try_files(Exchange<Stream>& x) {
    if (mirrors(x)) return mirror_then_serve(x);
    return serve_content(x);
}

template <class Stream>
net::awaitable<void> serve_content(Exchange<Stream>& x) {
    if (x.r.server->stub_status && !x.r.location) return handle_stub_status(x);
    // as nginx: a URI no location matches is served by the server level's settings (static files)
    if (const confparse::Location* loc = x.r.location) {
        if (loc->stub_status) return handle_stub_status(x);
        if (loc->nproxy_status) return handle_status(x);
        if (!loc->proxy_pass.url.empty()) return handle_proxy(x);
    }
    return handle_static(x);
}

}  // namespace proxy
