#include "tls/handshake_error.hpp"

#include <cctype>

#include "tls/boringssl.hpp"
#include "tls/verify_depth.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace tls {
namespace {

constexpr std::int64_t kDeepestDepth = 10;

// Beyond nginx: when the chain the peer sent would verify with a larger proxy_ssl_verify_depth, which.
std::string depth_hint(SSL* ssl, const std::string& verify_name) {
    bssl::UniquePtr<X509> leaf(SSL_get_peer_certificate(ssl));
    STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl);
    X509_STORE* store = SSL_CTX_get_cert_store(SSL_get_SSL_CTX(ssl));
    if (!leaf || !store) return "";
    for (std::int64_t depth = SSL_get_verify_depth(ssl); depth <= kDeepestDepth; ++depth) {
        bssl::UniquePtr<X509_STORE_CTX> ctx(X509_STORE_CTX_new());
        if (!ctx || !X509_STORE_CTX_init(ctx.get(), store, leaf.get(), chain)) return "";
        X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
        X509_VERIFY_PARAM_set_depth(param, openssl_depth(depth));
        if (!verify_name.empty()) X509_VERIFY_PARAM_set1_host(param, verify_name.data(), verify_name.size());
        bool ok = X509_verify_cert(ctx.get()) == 1;
        ERR_clear_error();
        if (ok) return "; it would verify with \"proxy_ssl_verify_depth " + std::to_string(depth) + "\"";
    }
    return "";
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
    long rc = SSL_get_verify_result(ssl);
    // Before the peer's certificate is checked this BoringSSL reports "invalid call", not a verdict.
    if (rc == X509_V_ERR_INVALID_CALL) rc = X509_V_OK;
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
