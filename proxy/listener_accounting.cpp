#include "proxy/listener_accounting.hpp"

#include "tls/handshake_facts.hpp"

namespace proxy {

void count_client_handshake(ListenerCounters& c, SSL* ssl, const error_code& ec,
                            std::chrono::steady_clock::time_point started) {
    if (ec) return c.handshake_failures.add();
    const tls::HandshakeFacts facts = tls::handshake_facts(ssl);
    c.handshake.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    (facts.resumed ? c.handshakes_resumed : c.handshakes_full).add();
    // as nginx with ssl_verify_client optional or on: a certificate that fails verification still
    // completes the handshake, and the request is answered 400
    if (facts.verify_result != 0) c.verify_failures[upstream::verify_slot(facts.verify_result)].add();
}

void count_request(ListenerCounters& c, const RequestContext& r) {
    c.requests.add();
    if (r.connection->requests > 1) c.keepalive_requests.add();
    upstream::count_status(c.responses, r.status);
    c.bytes_received.add(r.request_length);
    c.bytes_sent.add(r.bytes_sent);
    c.request.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - r.start).count());
}

}  // namespace proxy
