#include "tls/server_context.hpp"

#include "tls/boringssl.hpp"
#include "tls/verify_depth.hpp"

#include <openssl/ssl.h>

#include "tls/certified_key.hpp"
#include "tls/dynamic_certificates.hpp"
#include "tls/protocols.hpp"
#include "tls/session_id_context.hpp"
#include "tls/ssl_error.hpp"
#include "tls/stapling.hpp"
#include "tls/ticket_keys.hpp"
#include "tls/verify_files.hpp"

namespace tls {

using confparse::ConfigError;
using confparse::HttpScope;
using confparse::VerifyClient;

namespace {

// What the context's callbacks read (through their argument or the SSL_CTX's app data).
struct State {
    bssl::UniquePtr<SSL_CTX> ctx;
    std::vector<CertifiedKey> certificates;
    std::vector<TicketKey> ticket_keys;
    RotatingTicketKeys* rotating_keys = nullptr;  // instead of ticket_keys, with a shared session cache
    std::int64_t ticket_lifetime = 0;             // ssl_session_timeout, in seconds
    VerifyClient verify = VerifyClient::Off;
    std::unique_ptr<DynamicCertificates> dynamic;  // certificates named with variables
    bool rejects = false;  // ssl_reject_handshake
};

bool has_variables(const std::vector<std::string>& paths) {
    for (const auto& p : paths) {
        if (p.find('$') != std::string::npos) return true;
    }
    return false;
}

// nginx's checks before it creates the context: every certificate needs a key, and "ssl on" needs both.
void check_pairs(const HttpScope& s) {
    const auto& certs = *s.ssl_certificate;
    const auto& keys = *s.ssl_certificate_key;
    if (*s.ssl) {
        std::string ssl_directive = "the \"ssl\" directive";
        if (certs.empty()) {
            if (*s.ssl_reject_handshake) return;
            throw ConfigError("no \"ssl_certificate\" is defined for " + ssl_directive, s.ssl.where);
        }
        if (keys.empty()) throw ConfigError("no \"ssl_certificate_key\" is defined for " + ssl_directive, s.ssl.where);
        if (keys.size() < certs.size()) {
            throw ConfigError("no \"ssl_certificate_key\" is defined for certificate \"" + certs.back() +
                                  "\" and " + ssl_directive,
                              s.ssl.where);
        }
    } else if (keys.size() < certs.size()) {
        throw ConfigError("no \"ssl_certificate_key\" is defined for certificate \"" + certs.back() + "\"");
    }
}

// The client's signature algorithms decide which of several certificates (RSA, ECDSA, ...) it gets.
int select_certificate(SSL* ssl, void* arg) {
    const auto& certs = static_cast<const State*>(arg)->certificates;
    const uint16_t* sigalgs = nullptr;
    size_t n = SSL_get0_peer_verify_algorithms(ssl, &sigalgs);
    for (size_t c = 0; c < certs.size(); ++c) {
        int type = EVP_PKEY_id(certs[c].key.get());
        for (size_t i = 0; i < n; ++i) {
            if (SSL_get_signature_algorithm_key_type(sigalgs[i]) != type) continue;
            return c == 0 || use_certified_key(ssl, certs[c]) ? 1 : 0;  // the first is installed already
        }
    }
    return 1;
}

int ticket_key_callback(SSL* ssl, uint8_t* name, uint8_t* iv, EVP_CIPHER_CTX* cipher, HMAC_CTX* hmac, int encrypt) {
    const auto* impl = static_cast<const State*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)));
    if (impl->rotating_keys) {
        return impl->rotating_keys->handle(impl->ticket_lifetime, name, iv, cipher, hmac, encrypt);
    }
    return handle_ticket_key(impl->ticket_keys, name, iv, cipher, hmac, encrypt);
}

// As nginx, the handshake goes on whatever the verdict; SSL_get_verify_result keeps it for the HTTP layer.
int accept_any_certificate(int, X509_STORE_CTX*) { return 1; }

void load_certificates(State& impl, const HttpScope& s) {
    const auto& certs = *s.ssl_certificate;
    const auto& keys = *s.ssl_certificate_key;
    const auto& passwords = s.ssl_password_file->passwords;
    if (has_variables(certs) || has_variables(keys)) {
        impl.dynamic = std::make_unique<DynamicCertificates>(certs, keys, passwords);
        impl.dynamic->install(impl.ctx.get());
        return;
    }
    for (size_t i = 0; i < certs.size(); ++i) {
        impl.certificates.push_back(
            install_certified_key(impl.ctx.get(), certs[i], keys[i], passwords.empty() ? nullptr : &passwords));
    }
    if (impl.certificates.size() > 1) {
        if (!use_certified_key(impl.ctx.get(), impl.certificates.front())) {
            throw_ssl_error("SSL_CTX_use_certificate(\"" + certs.front() + "\") failed");
        }
        SSL_CTX_set_cert_cb(impl.ctx.get(), select_certificate, &impl);
    }
}

// As nginx's ngx_http_ssl_alpn_select (HTTP/2 off): the first of HTTP/1.1, 1.0 and 0.9 the client
// offers; a client whose ALPN offers none of them is refused with no_application_protocol.
int select_alpn(SSL*, const uint8_t** out, uint8_t* out_len, const uint8_t* offered, unsigned offered_len, void*) {
    static const uint8_t kProtocols[] = "\x08http/1.1\x08http/1.0\x08http/0.9";
    uint8_t* chosen = nullptr;
    if (SSL_select_next_proto(&chosen, out_len, kProtocols, sizeof kProtocols - 1, offered, offered_len) !=
        OPENSSL_NPN_NEGOTIATED) {
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
    *out = chosen;
    return SSL_TLSEXT_ERR_OK;
}

void configure_verification(State& impl, const HttpScope& s) {
    SSL_CTX* ctx = impl.ctx.get();
    impl.verify = *s.ssl_verify_client;
    if (impl.verify != VerifyClient::Off) {
        if (s.ssl_client_certificate->empty() && impl.verify != VerifyClient::OptionalNoCa) {
            throw ConfigError("no ssl_client_certificate for ssl_verify_client");
        }
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, accept_any_certificate);
        SSL_CTX_set_verify_depth(ctx, openssl_depth(*s.ssl_verify_depth));
        if (!s.ssl_client_certificate->empty()) load_client_certificate(ctx, *s.ssl_client_certificate);
    }
    SSL_CTX_set_verify_depth(ctx, openssl_depth(*s.ssl_verify_depth));
    if (!s.ssl_trusted_certificate->empty()) load_trusted_certificate(ctx, *s.ssl_trusted_certificate);
    if (!s.ssl_crl->empty()) load_crl(ctx, *s.ssl_crl);
    refuse_ocsp(s);  // as nginx: after the CRL
}

void set_curves(SSL_CTX* ctx, const std::string& curves) {
    // "auto": X25519 first, as it is the cheapest key exchange in this BoringSSL build.
    std::string list = curves == "auto" ? "X25519:P-256:P-384" : curves;
    if (!SSL_CTX_set1_curves_list(ctx, list.c_str())) {
        throw_ssl_error("SSL_CTX_set1_curves_list(\"" + curves + "\") failed");
    }
}

void configure_sessions(State& impl, const HttpScope& s) {
    SSL_CTX* ctx = impl.ctx.get();
    auto timeout = static_cast<uint32_t>(*s.ssl_session_timeout);
    SSL_CTX_set_timeout(ctx, timeout);
    SSL_CTX_set_session_psk_dhe_timeout(ctx, timeout);
    std::vector<std::string> names;
    if (impl.dynamic) names = *s.ssl_certificate;
    set_session_id_context(ctx, impl.certificates, names);

    const confparse::SslSessionCache& cache = *s.ssl_session_cache;
    if (cache.off) {
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    } else if (cache.none) {
        // As nginx: session ids are issued but nothing is stored, which some clients need.
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_AUTO_CLEAR |
                                                SSL_SESS_CACHE_NO_INTERNAL_STORE);
        SSL_CTX_sess_set_cache_size(ctx, 1);
    } else {
        // One process serves every worker thread, so BoringSSL's own (locked) cache is the shared one too;
        // a shared zone holds about one session per 256 bytes.
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
        long size = cache.builtin + cache.shared_size / 256;
        if (size > 0) SSL_CTX_sess_set_cache_size(ctx, static_cast<unsigned long>(size));
    }

    if (!*s.ssl_session_tickets) SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    if (!s.ssl_session_ticket_key->empty()) {
        impl.ticket_keys = read_ticket_keys(*s.ssl_session_ticket_key, s.ssl_session_ticket_key.where);
    } else if (!cache.shared_name.empty()) {
        impl.rotating_keys = &RotatingTicketKeys::for_zone(cache.shared_name);
        impl.ticket_lifetime = timeout;
    } else {
        impl.ticket_keys = process_ticket_keys();
    }
    SSL_CTX_set_tlsext_ticket_key_cb(ctx, ticket_key_callback);
}

}  // namespace

struct ServerContext::Impl : State {};

bool ServerContext::wanted(const HttpScope& s) {
    return *s.ssl || !s.ssl_certificate->empty() || *s.ssl_reject_handshake;
}

ServerContext::ServerContext(const HttpScope& s) : impl_(std::make_unique<Impl>()) {
    check_pairs(s);
    impl_->ctx.reset(SSL_CTX_new(TLS_method()));
    if (!impl_->ctx) throw_ssl_error("SSL_CTX_new() failed");
    SSL_CTX* ctx = impl_->ctx.get();
    SSL_CTX_set_app_data(ctx, static_cast<State*>(impl_.get()));
    impl_->rejects = *s.ssl_reject_handshake;
    apply_protocols(ctx, *s.ssl_protocols);
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);

    if (!SSL_CTX_set_cipher_list(ctx, s.ssl_ciphers->c_str())) {
        throw_ssl_error("SSL_CTX_set_cipher_list(\"" + *s.ssl_ciphers + "\") failed");
    }
    if (*s.ssl_prefer_server_ciphers) SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_alpn_select_cb(ctx, select_alpn, nullptr);

    load_certificates(*impl_, s);
    configure_verification(*impl_, s);
    set_curves(ctx, *s.ssl_ecdh_curve);
    configure_sessions(*impl_, s);
    configure_stapling(ctx, s);
}

ServerContext::~ServerContext() = default;

SSL_CTX* ServerContext::native() const { return impl_->ctx.get(); }
VerifyClient ServerContext::verify_client() const { return impl_->verify; }
bool ServerContext::rejects_handshakes() const { return impl_->rejects; }
bool ServerContext::dynamic_certificates() const { return impl_->dynamic != nullptr; }
size_t ServerContext::certificate_count() const { return impl_->certificates.size(); }

}  // namespace tls
