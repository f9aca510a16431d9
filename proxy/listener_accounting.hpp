#pragma once
// The status page's counters of a listening address, counted by the session: one call per event into the
// accepting worker's own copy (no lock, no allocation).
#include <chrono>
#include <cstdint>

#include "proxy/listener_counters.hpp"
#include "proxy/net.hpp"
#include "proxy/request_context.hpp"

namespace proxy {

// A TLS handshake with a client, begun at `started`, has ended with `ec`.
void count_client_handshake(ListenerCounters& c, SSL* ssl, const error_code& ec,
                            std::chrono::steady_clock::time_point started);

// A request has been answered (or refused) and logged.
void count_request(ListenerCounters& c, const RequestContext& r);

}  // namespace proxy
