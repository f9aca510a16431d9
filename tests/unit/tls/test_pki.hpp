#pragma once
// Keys, certificates and CRLs made at run time for the tls tests, written as PEM files to a temporary
// folder: a root CA, an intermediate, server and client certificates, an expired one, a CRL.
#include "tls/boringssl.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cipher.h>
#include <openssl/ec_key.h>
#include <openssl/evp.h>
#include <openssl/nid.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace tls_test {

inline void require(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("test PKI: ") + what);
}

inline bssl::UniquePtr<EVP_PKEY> ec_key() {
    bssl::UniquePtr<EC_KEY> ec(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
    require(ec && EC_KEY_generate_key(ec.get()), "EC key");
    bssl::UniquePtr<EVP_PKEY> key(EVP_PKEY_new());
    require(key && EVP_PKEY_set1_EC_KEY(key.get(), ec.get()), "EVP_PKEY");
    return key;
}

inline bssl::UniquePtr<EVP_PKEY> rsa_key() {
    bssl::UniquePtr<RSA> rsa(RSA_new());
    bssl::UniquePtr<BIGNUM> e(BN_new());
    require(rsa && e && BN_set_word(e.get(), RSA_F4) && RSA_generate_key_ex(rsa.get(), 2048, e.get(), nullptr),
            "RSA key");
    bssl::UniquePtr<EVP_PKEY> key(EVP_PKEY_new());
    require(key && EVP_PKEY_set1_RSA(key.get(), rsa.get()), "EVP_PKEY");
    return key;
}

struct CertSpec {
    std::string cn;
    long serial = 1;
    bool ca = false;
    long not_before = -3600;        // seconds from now
    long not_after = 30 * 86400;    // seconds from now
    std::vector<std::string> dns;   // subjectAltName DNS entries
};

inline CertSpec spec(std::string cn, long serial, bool ca = false, long not_before = -3600,
                     long not_after = 30 * 86400, std::vector<std::string> dns = {}) {
    CertSpec s;
    s.cn = std::move(cn), s.serial = serial, s.ca = ca, s.not_before = not_before, s.not_after = not_after;
    s.dns = std::move(dns);
    return s;
}

inline void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    bssl::UniquePtr<X509_EXTENSION> ext(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value.c_str()));
    require(ext && X509_add_ext(cert, ext.get(), -1), "extension");
}

// Signs `key`'s certificate with `issuer_key` (self-signed when `issuer` is null).
inline bssl::UniquePtr<X509> certificate(const CertSpec& spec, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key) {
    bssl::UniquePtr<X509> cert(X509_new());
    require(cert && X509_set_version(cert.get(), X509_VERSION_3), "X509_new");
    require(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), spec.serial), "serial");
    X509_NAME* name = X509_get_subject_name(cert.get());
    require(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                       reinterpret_cast<const uint8_t*>(spec.cn.c_str()), -1, -1, 0),
            "CN");
    require(X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name), "issuer");
    require(X509_gmtime_adj(X509_getm_notBefore(cert.get()), spec.not_before) &&
                X509_gmtime_adj(X509_getm_notAfter(cert.get()), spec.not_after),
            "validity");
    require(X509_set_pubkey(cert.get(), key), "pubkey");
    X509* signer = issuer ? issuer : cert.get();
    add_extension(cert.get(), signer, NID_basic_constraints, spec.ca ? "critical,CA:TRUE" : "CA:FALSE");
    if (spec.ca) add_extension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    std::string san;
    for (const auto& d : spec.dns) san += (san.empty() ? "DNS:" : ",DNS:") + d;
    if (!san.empty()) add_extension(cert.get(), signer, NID_subject_alt_name, san);
    require(X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()), "sign");
    return cert;
}

inline bssl::UniquePtr<X509_CRL> crl(X509* issuer, EVP_PKEY* issuer_key, const std::vector<long>& revoked) {
    bssl::UniquePtr<X509_CRL> crl(X509_CRL_new());
    require(crl && X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2), "X509_CRL_new");
    require(X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuer)), "CRL issuer");
    bssl::UniquePtr<ASN1_TIME> now(X509_gmtime_adj(nullptr, -60)), next(X509_gmtime_adj(nullptr, 86400));
    require(X509_CRL_set1_lastUpdate(crl.get(), now.get()) && X509_CRL_set1_nextUpdate(crl.get(), next.get()),
            "CRL times");
    for (long serial : revoked) {
        X509_REVOKED* entry = X509_REVOKED_new();
        bssl::UniquePtr<ASN1_INTEGER> number(ASN1_INTEGER_new());
        require(entry && number && ASN1_INTEGER_set(number.get(), serial) &&
                    X509_REVOKED_set_serialNumber(entry, number.get()) &&
                    X509_REVOKED_set_revocationDate(entry, now.get()) && X509_CRL_add0_revoked(crl.get(), entry),
                "revoked entry");
    }
    require(X509_CRL_sort(crl.get()) && X509_CRL_sign(crl.get(), issuer_key, EVP_sha256()), "CRL sign");
    return crl;
}

// A temporary folder, removed with everything in it when the object goes.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "nproxy-tls-XXXXXX").string();
        require(mkdtemp(pattern.data()) != nullptr, "mkdtemp");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string file(const std::string& name) const { return path_ + "/" + name; }
    std::string write(const std::string& name, const std::string& content) const {
        std::ofstream(file(name), std::ios::binary) << content;
        return file(name);
    }

private:
    std::string path_;
};

template <class F>
std::string pem(F&& write) {
    bssl::UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
    require(bio && write(bio.get()), "PEM write");
    const uint8_t* data = nullptr;
    size_t len = 0;
    BIO_mem_contents(bio.get(), &data, &len);
    return std::string(reinterpret_cast<const char*>(data), len);
}

inline std::string pem_of(X509* cert) { return pem([&](BIO* b) { return PEM_write_bio_X509(b, cert); }); }
inline std::string pem_of(X509_CRL* crl) { return pem([&](BIO* b) { return PEM_write_bio_X509_CRL(b, crl); }); }
inline std::string pem_of(EVP_PKEY* key, const std::string& password = "") {
    return pem([&](BIO* b) {
        if (password.empty()) return PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr);
        return PEM_write_bio_PrivateKey(b, key, EVP_aes_128_cbc(), nullptr, 0, nullptr,
                                        const_cast<char*>(password.c_str()));
    });
}

// The whole set, as files in `dir`:
//   ca.crt                      root CA (self-signed)
//   int.crt                     intermediate CA, signed by the root
//   server.crt / server.key     EC leaf "localhost" signed by the intermediate; server.crt holds the chain
//   server-rsa.crt / .key       RSA leaf "localhost" signed by the intermediate (made on demand: slow)
//   client.crt / client.key     client leaf (serial 7) signed by the root
//   revoked.crt / revoked.key   client leaf (serial 8) signed by the root, listed in crl.pem
//   expired.crt / expired.key   client leaf whose validity ended yesterday
//   other.key                   an EC key that matches no certificate
//   enc.key                     server.key encrypted with the passphrase "secret"
//   crl.pem                     the root's CRL revoking serial 8
//   garbage.pem                 not PEM at all
struct Pki {
    TempDir dir;
    bssl::UniquePtr<EVP_PKEY> ca_key = ec_key(), int_key = ec_key(), server_key = ec_key(), client_key = ec_key();
    bssl::UniquePtr<X509> ca, intermediate, server;

    Pki() {
        ca = certificate(spec("Test Root", 1, true), ca_key.get(), nullptr, nullptr);
        intermediate = certificate(spec("Test Intermediate", 2, true), int_key.get(), ca.get(), ca_key.get());
        server = certificate(spec("localhost", 3, false, -3600, 30 * 86400, {"localhost", "example.test"}),
                             server_key.get(), intermediate.get(), int_key.get());
        dir.write("ca.crt", pem_of(ca.get()));
        dir.write("int.crt", pem_of(intermediate.get()));
        dir.write("server.crt", pem_of(server.get()) + pem_of(intermediate.get()));
        dir.write("server.key", pem_of(server_key.get()));
        dir.write("enc.key", pem_of(server_key.get(), "secret"));
        leaf("client", spec("client", 7), client_key.get());
        auto revoked_key = ec_key();
        leaf("revoked", spec("revoked", 8), revoked_key.get());
        auto expired_key = ec_key();
        leaf("expired", spec("expired", 9, false, -30 * 86400, -86400), expired_key.get());
        dir.write("other.key", pem_of(ec_key().get()));
        dir.write("crl.pem", pem_of(crl(ca.get(), ca_key.get(), {8}).get()));
        dir.write("garbage.pem", "this is not a PEM file\n");
    }

    void make_rsa_server() {
        auto key = rsa_key();
        auto cert = certificate(spec("localhost", 4, false, -3600, 30 * 86400, {"localhost"}), key.get(),
                                intermediate.get(), int_key.get());
        dir.write("server-rsa.crt", pem_of(cert.get()) + pem_of(intermediate.get()));
        dir.write("server-rsa.key", pem_of(key.get()));
    }

    std::string path(const std::string& name) const { return dir.file(name); }

private:
    void leaf(const std::string& name, const CertSpec& spec, EVP_PKEY* key) {
        auto cert = certificate(spec, key, ca.get(), ca_key.get());
        dir.write(name + ".crt", pem_of(cert.get()));
        dir.write(name + ".key", pem_of(key));
    }
};

}  // namespace tls_test
