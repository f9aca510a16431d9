#pragma once
// nginx's subrequests (ngx_http_subrequest): a GET of another URI made for a request, with its request
// line and headers and no body, answered through the same dispatch as any request into a sink of the
// parent's (an SSI include's, the auth request's).
#include <memory>
#include <string>

#include "proxy/exchange.hpp"
#include "proxy/request_context.hpp"
#include "proxy/request_store.hpp"

namespace proxy {

// What a subrequest owns: its request and a parser that says it has no body.
struct Subrequest {
    RequestContext r;
    RequestParser parser;
};

// A subrequest's context, as nginx's ngx_http_subrequest makes one: its parent's connection, server,
// request line, headers and variables, its own URI and arguments, internal (an `internal` location
// answers it), and a GET until its maker says otherwise (a mirror keeps its main request's method).
void init_subrequest(RequestContext& r, const RequestContext& parent, std::string uri, std::string args,
                     bool has_args);

// A subrequest of `parent` for `path` and its arguments, before the rewrite phases choose its location.
std::unique_ptr<Subrequest> make_subrequest(const RequestContext& parent, const std::string& path,
                                            const std::string& args, bool has_args);

// The exchange a subrequest is answered in, on its parent's connection, under the level its rewrite phases
// chose; the caller gives it the sink its answer goes to.
template <class Stream>
Exchange<Stream> subrequest_exchange(const Exchange<Stream>& x, Subrequest& sub) {
    RequestContext& r = sub.r;
    const confparse::HttpScope& scope = r.location ? r.location->scope : r.server->scope;
    Exchange<Stream> sx{x.stream, x.buffer, sub.parser, r, x.runtime, scope, true};
    sx.continue_sent = true;
    sx.body_unreadable = true;  // the client's body is its parent's
    sx.pools = x.pools;
    sx.counters = x.counters;
    sx.runtime_ptr = x.runtime_ptr;
    sx.worker = x.worker;
    return sx;
}

}  // namespace proxy
