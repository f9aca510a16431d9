#include "tls/handshake_error.hpp"

#include <cctype>

#include "tls/boringssl.hpp"
#include "tls/chain_check.hpp"
#include "tls/handshake_facts.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace tls {
namespace {

// Beyond nginx: when the chain the peer sent would verify with a larger proxy_ssl_verify_depth, which.
std::string depth_hint(SSL* ssl, const std::string& verify_name) {
    bssl::UniquePtr<X509> leaf(SSL_get_peer_certificate(ssl));
    X509_STORE* trusted = SSL_CTX_get_cert_store(SSL_get_SSL_CTX(ssl));
    if (!leaf || !trusted) return "";
    ChainCheck check{trusted, leaf.get(), SSL_get_peer_cert_chain(ssl), verify_name, false, std::nullopt};
    auto deeper = depth_that_verifies(check, SSL_get_verify_depth(ssl) - 1);  // the library counts one more
    return deeper ? "; it would verify with \"proxy_ssl_verify_depth " + std::to_string(*deeper) + "\"" : "";
}

// Beyond nginx: an upstream that refused the SNI it was sent (alert 112), or would have wanted one.
std::string sni_hint(SSL* ssl, const std::string& library_error) {
    std::string lower = library_error;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.find("unrecognized_name") == std::string::npos && lower.find("unrecognized name") == std::string::npos) {
        return "";
    }
    const char* sent = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    return sent ? "; the upstream does not serve the name sent as SNI, \"" + std::string(sent) + "\" (proxy_ssl_name)"
                : "; no SNI was sent (proxy_ssl_server_name is off)";
}

}  // namespace

std::string upstream_handshake_error(SSL* ssl, const std::string& verify_name, const std::string& library_error) {
    const long rc = handshake_facts(ssl).verify_result;
    // nginx checks the name itself after the chain, so it words a mismatch apart from chain errors
    if (rc == X509_V_ERR_HOSTNAME_MISMATCH) return "upstream SSL certificate does not match \"" + verify_name + "\"";
    if (rc != X509_V_OK) {
        std::string hint = rc == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
                                   rc == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE || rc == X509_V_ERR_CERT_CHAIN_TOO_LONG
                               ? depth_hint(ssl, verify_name)
                               : "";
        return "upstream SSL certificate verify error: (" + std::to_string(rc) + ":" + X509_verify_cert_error_string(rc) +
               ")" + hint;
    }
    return "SSL_do_handshake() failed (SSL: " + library_error + ")" + sni_hint(ssl, library_error);
}

}  // namespace tls
