#include "tls/handshake_error.hpp"

#include "tls/boringssl.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace tls {

std::string upstream_handshake_error(SSL* ssl, const std::string& verify_name, const std::string& library_error) {
    long rc = SSL_get_verify_result(ssl);
    // Before the peer's certificate is checked this BoringSSL reports "invalid call", not a verdict.
    if (rc == X509_V_ERR_INVALID_CALL) rc = X509_V_OK;
    // nginx checks the name itself after the chain, so it words a mismatch apart from chain errors
    if (rc == X509_V_ERR_HOSTNAME_MISMATCH) return "upstream SSL certificate does not match \"" + verify_name + "\"";
    if (rc != X509_V_OK) {
        return "upstream SSL certificate verify error: (" + std::to_string(rc) + ":" + X509_verify_cert_error_string(rc) +
               ")";
    }
    return "SSL_do_handshake() failed (SSL: " + library_error + ")";
}

}  // namespace tls
