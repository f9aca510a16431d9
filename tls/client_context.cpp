#include "tls/client_context.hpp"

#include "tls/boringssl.hpp"
#include "tls/verify_depth.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <string>

#include "tls/certified_key.hpp"
#include "tls/protocols.hpp"
#include "tls/ip_address.hpp"
#include "tls/ssl_error.hpp"
#include "tls/verify_files.hpp"

namespace tls {
ClientContext::ClientContext(const confparse::HttpScope& s) : ctx_(SSL_CTX_new(TLS_method())) {
    if (!ctx_) throw_ssl_error("SSL_CTX_new() failed");
    SSL_CTX* ctx = ctx_.get();
    apply_protocols(ctx, *s.proxy_ssl_protocols);
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);

    if (!SSL_CTX_set_cipher_list(ctx, s.proxy_ssl_ciphers->c_str())) {
        throw_ssl_error("SSL_CTX_set_cipher_list(\"" + *s.proxy_ssl_ciphers + "\") failed");
    }

    const std::string& cert = *s.proxy_ssl_certificate;
    const std::string& key = *s.proxy_ssl_certificate_key;
    if (!cert.empty()) {
        if (key.empty()) {
            throw confparse::ConfigError("no \"proxy_ssl_certificate_key\" is defined for certificate \"" + cert +
                                         "\"");
        }
        // Paths with variables are resolved per request (not yet supported at run time).
        if (cert.find('$') == std::string::npos && key.find('$') == std::string::npos) {
            const auto& passwords = s.proxy_ssl_password_file->passwords;
            install_certified_key(ctx, cert, key, passwords.empty() ? nullptr : &passwords);
        }
    }

    verify_ = *s.proxy_ssl_verify;
    if (verify_) {
        if (s.proxy_ssl_trusted_certificate->empty()) {
            throw confparse::ConfigError("no proxy_ssl_trusted_certificate for proxy_ssl_verify");
        }
        SSL_CTX_set_verify_depth(ctx, openssl_depth(*s.proxy_ssl_verify_depth));
        load_trusted_certificate(ctx, *s.proxy_ssl_trusted_certificate);
        if (!s.proxy_ssl_crl->empty()) load_crl(ctx, *s.proxy_ssl_crl);
    }

    // Sessions are kept by the upstream's session store (per peer identity), never by the context.
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL);
}

ClientContext::~ClientContext() = default;

bssl::UniquePtr<SSL> ClientContext::new_connection(std::string_view verify_name, bool send_sni) const {
    bssl::UniquePtr<SSL> ssl(SSL_new(ctx_.get()));
    if (!ssl) return nullptr;
    SSL_set_connect_state(ssl.get());
    std::string name(verify_name);
    if (send_sni && !name.empty() && !is_ip_address(name)) {
        if (!SSL_set_tlsext_host_name(ssl.get(), name.c_str())) return nullptr;
    }
    if (verify_) {
        SSL_set_verify(ssl.get(), SSL_VERIFY_PEER, nullptr);
        // The real length: a 0 here makes every verification fail in this BoringSSL (error 65).
        if (!name.empty() && !X509_VERIFY_PARAM_set1_host(SSL_get0_param(ssl.get()), name.data(), name.size())) {
            return nullptr;
        }
    }
    return ssl;
}

SSL_CTX* ClientContext::native() const { return ctx_.get(); }
bool ClientContext::verify() const { return verify_; }

}  // namespace tls
