#include "tls/sni.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "tls/server_context.hpp"

namespace tls {
namespace {

int selector_index() {
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

int on_server_name(SSL* ssl, int* alert, void*) {
    auto* selector = static_cast<const SniSelector*>(SSL_get_ex_data(ssl, selector_index()));
    if (!selector) return SSL_TLSEXT_ERR_OK;
    const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    const ServerContext* chosen = (*selector)(name ? std::string_view(name) : std::string_view());
    if (chosen->rejects_handshakes()) {
        *alert = SSL_AD_UNRECOGNIZED_NAME;  // as nginx's ssl_reject_handshake
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
    SSL_CTX* ctx = chosen->native();
    if (ctx == SSL_get_SSL_CTX(ssl)) return SSL_TLSEXT_ERR_OK;
    SSL_set_SSL_CTX(ssl, ctx);
    // as nginx: SSL_set_SSL_CTX switches certificates only; client verification follows the new server.
    SSL_set_verify(ssl, SSL_CTX_get_verify_mode(ctx), SSL_CTX_get_verify_callback(ctx));
    SSL_set_verify_depth(ssl, SSL_CTX_get_verify_depth(ctx));
    SSL_set1_verify_cert_store(ssl, SSL_CTX_get_cert_store(ctx));
    SSL_set_client_CA_list(ssl, SSL_dup_CA_list(SSL_CTX_get_client_CA_list(ctx)));
    return SSL_TLSEXT_ERR_OK;
}

}  // namespace

void enable_sni(SSL_CTX* ctx) { SSL_CTX_set_tlsext_servername_callback(ctx, on_server_name); }

bssl::UniquePtr<SSL> new_server_connection(const ServerContext& context, const SniSelector* selector) {
    bssl::UniquePtr<SSL> ssl(SSL_new(context.native()));
    if (ssl) SSL_set_ex_data(ssl.get(), selector_index(), const_cast<SniSelector*>(selector));
    return ssl;
}

}  // namespace tls
