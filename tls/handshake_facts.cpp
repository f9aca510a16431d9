#include "tls/handshake_facts.hpp"

#include "tls/boringssl.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace tls {

HandshakeFacts handshake_facts(SSL* ssl) {
    HandshakeFacts facts;
    facts.resumed = SSL_session_reused(ssl);
    facts.verify_result = SSL_get_verify_result(ssl);
    // Before the peer's certificate is checked this BoringSSL reports "invalid call", not a verdict.
    if (facts.verify_result == X509_V_ERR_INVALID_CALL) facts.verify_result = X509_V_OK;
    return facts;
}

std::string verify_reason(long code) { return X509_verify_cert_error_string(code); }

}  // namespace tls
