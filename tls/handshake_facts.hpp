#pragma once
// What the status counters want to know of a TLS handshake, done or failed: whether it resumed a session
// and the X.509 verdict on the peer's certificate.
#include <string>

typedef struct ssl_st SSL;

namespace tls {

struct HandshakeFacts {
    bool resumed = false;
    long verify_result = 0;  // X509_V_OK (0), or the X.509 error code of the peer's certificate
};

HandshakeFacts handshake_facts(SSL* ssl);

// The library's words for an X.509 verify result ("certificate has expired").
std::string verify_reason(long code);

}  // namespace tls
