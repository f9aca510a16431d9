#pragma once
// nginx's post_action: once its answer has gone out, the request goes on, unseen by the client, to the URI
// or named location the answering level's post_action names, as an internal redirect whose answer is
// dropped; then to the post_action of where that ended, while it has URI changes left (ngx_http_post_action).
// The access log then shows the last status, as nginx's.
#include "proxy/error_page.hpp"
#include "proxy/mirror.hpp"

namespace proxy {

// The post_action of the level that answered the request: empty when none.
inline const std::string& post_action_of(const RequestContext& r) {
    return *(r.location ? r.location->scope : r.server->scope).post_action;
}

template <class Stream>
net::awaitable<void> run_post_actions(Exchange<Stream>& x) {
    DiscardSink discard;
    ResponseSink* sink = x.sink;
    x.sink = &discard;
    x.r.post_action = true;
    // what went to the client stays what is logged: the post actions' answers go nowhere
    const std::uint64_t body_bytes_sent = x.r.body_bytes_sent, bytes_sent = x.r.bytes_sent;
    // as nginx: on until the URI changes run out, the last redirect then ending in its cycle error (a 500)
    for (std::string target; !x.failed && x.r.uri_changes > 0 && !(target = post_action_of(x.r)).empty();) {
        const confparse::Location* named = nullptr;
        if (target[0] == '@') {
            named = find_named_location(x, target);
            if (!named) break;
        } else {
            x.r.uri = target;
            x.r.args.clear();
            x.r.has_args = false;
            x.r.rewritten = true;
        }
        co_await redirect_internally(x, target, named);
    }
    x.sink = sink;
    x.r.body_bytes_sent = body_bytes_sent;
    x.r.bytes_sent = bytes_sent;
}

}  // namespace proxy
