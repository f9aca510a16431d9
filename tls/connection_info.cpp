#include "tls/connection_info.hpp"

#include "tls/boringssl.hpp"

#include <openssl/bio.h>
#include <openssl/digest.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstdio>
#include <ctime>

namespace tls {
namespace {

std::string hex(const uint8_t* p, size_t n, const char* digits) {
    std::string out;
    out.reserve(n * 2);
    for (size_t i = 0; i < n; ++i) {
        out += digits[p[i] >> 4];
        out += digits[p[i] & 15];
    }
    return out;
}

std::string bio_text(BIO* bio) {
    const uint8_t* data;
    size_t len;
    if (!BIO_mem_contents(bio, &data, &len)) return {};
    return std::string(reinterpret_cast<const char*>(data), len);
}

// As nginx's $ssl_client_s_dn: RFC 2253 form.
std::string dn(X509_NAME* name) {
    bssl::UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return {};
    return bio_text(bio.get());
}

// As nginx's $ssl_curve: OpenSSL's short name of the group, or its IANA number for one without a name.
std::string curve_name(uint16_t id) {
    switch (id) {
        case 0: return {};
        case SSL_CURVE_SECP256R1: return "prime256v1";
        case SSL_CURVE_SECP384R1: return "secp384r1";
        case SSL_CURVE_SECP521R1: return "secp521r1";
        case SSL_CURVE_X25519: return "X25519";
    }
    char buf[8];
    snprintf(buf, sizeof buf, "0x%04x", id);
    return buf;
}

std::string oneline(X509_NAME* name) {
    bssl::UniquePtr<char> text(X509_NAME_oneline(name, nullptr, 0));
    return text ? std::string(text.get()) : std::string();
}

std::string time_text(const ASN1_TIME* t) {
    bssl::UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || !ASN1_TIME_print(bio.get(), t)) return {};
    return bio_text(bio.get());
}

long long epoch_seconds(const ASN1_TIME* t) {
    int days = 0, secs = 0;
    if (!ASN1_TIME_diff(&days, &secs, nullptr, t)) return 0;
    return static_cast<long long>(std::time(nullptr)) + days * 86400LL + secs;
}

}  // namespace

ConnectionInfo inspect(SSL* ssl) {
    ConnectionInfo info;
    info.active = true;
    info.protocol = SSL_get_version(ssl);
    const uint8_t* alpn = nullptr;
    unsigned alpn_size = 0;
    SSL_get0_alpn_selected(ssl, &alpn, &alpn_size);
    if (alpn) info.alpn.assign(reinterpret_cast<const char*>(alpn), alpn_size);
    if (const SSL_CIPHER* c = SSL_get_current_cipher(ssl)) info.cipher = SSL_CIPHER_get_name(c);
    info.curve = curve_name(SSL_get_curve_id(ssl));
    if (SSL_SESSION* s = SSL_get_session(ssl)) {
        unsigned len = 0;
        const uint8_t* id = SSL_SESSION_get_id(s, &len);
        info.session_id = hex(id, len, "0123456789abcdef");
    }
    info.session_reused = SSL_session_reused(ssl);
    if (const char* sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name)) info.server_name = sni;

    bssl::UniquePtr<X509> cert(SSL_get_peer_certificate(ssl));
    if (!cert) return info;
    long rc = SSL_get_verify_result(ssl);
    info.client_verify = rc == X509_V_OK ? "SUCCESS" : std::string("FAILED:") + X509_verify_cert_error_string(rc);
    info.client_s_dn = dn(X509_get_subject_name(cert.get()));
    info.client_i_dn = dn(X509_get_issuer_name(cert.get()));
    info.client_s_dn_legacy = oneline(X509_get_subject_name(cert.get()));
    info.client_i_dn_legacy = oneline(X509_get_issuer_name(cert.get()));
    info.client_v_start = time_text(X509_get0_notBefore(cert.get()));
    info.client_v_end = time_text(X509_get0_notAfter(cert.get()));
    info.client_not_after = epoch_seconds(X509_get0_notAfter(cert.get()));

    bssl::UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
    if (bio && i2a_ASN1_INTEGER(bio.get(), X509_get_serialNumber(cert.get())) > 0) info.client_serial = bio_text(bio.get());
    uint8_t md[EVP_MAX_MD_SIZE];
    unsigned md_len = 0;
    if (X509_digest(cert.get(), EVP_sha1(), md, &md_len)) info.client_fingerprint = hex(md, md_len, "0123456789abcdef");
    bssl::UniquePtr<BIO> pem(BIO_new(BIO_s_mem()));
    if (pem && PEM_write_bio_X509(pem.get(), cert.get())) info.client_cert = bio_text(pem.get());
    return info;
}

}  // namespace tls
