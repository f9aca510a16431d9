#pragma once
// Beyond nginx: `nproxy -t --probe` connects to each upstream peer with a location's real TLS client
// context and says what happened, before any traffic depends on it.
#include <string>

#include "tls/client_context.hpp"

namespace tls {

struct ProbeResult {
    bool ok = false;     // reachable, handshake done and verified (when verification is on), answered
    std::string detail;  // one line: protocol, cipher, certificate, verify result, client certificate, reuse
};

// Probes `address` ("ip:port" or "[ip6]:port") as a location would: `verify_name` checked and sent as SNI
// when `send_sni`; a second connection tries to resume the first one's session. Waits at most
// `timeout_ms` for each step.
ProbeResult probe_peer(const ClientContext& context, const std::string& address, const std::string& verify_name,
                       bool send_sni, int timeout_ms);

}  // namespace tls
