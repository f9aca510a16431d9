#pragma once
// What a request's header decides before a handler answers it, in nginx's order: the request taken from
// the parser, its server by Host, the rewrite phase's location, and whether it is refused as it is. A
// plain function, not part of the request's coroutine: the coroutine's frame holds every local it has,
// and it must stay within the frames Asio recycles (1 KiB).
#include "proxy/request_store.hpp"
#include "proxy/rewrite.hpp"

namespace proxy {

class HeaderSizeCheck;
class Runtime;
struct Endpoint;

struct Admission {
    RewriteAnswer rewritten;       // what the rewrite phase answered, if it did
    int refused = 0;               // the status the request is refused with; 0 when a handler answers it
    bool body_unreadable = false;  // the refusal is of the body's framing: its bytes cannot be read past
    bool close = false;            // as nginx: refused before keep-alive was decided, the connection closes
};

// Fills `r` (whose connection and server are set) from `parser`, routes it, and decides whether it is
// refused, writing nginx's log line for a refusal.
Admission admit_request(RequestContext& r, const RequestParser& parser, const Endpoint& endpoint,
                        const Runtime& runtime, const HeaderSizeCheck& size);

}  // namespace proxy
