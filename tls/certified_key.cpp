#include "tls/certified_key.hpp"

#include "tls/boringssl.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <cstring>
#include <functional>
#include <string_view>

#include "confparse/error.hpp"
#include "tls/ssl_error.hpp"

namespace tls {
namespace {

// The passphrase PEM_read_bio_PrivateKey asks for; nullptr (no password file) answers nothing.
int password_callback(char* buf, int size, int rwflag, void* userdata) {
    const auto* password = static_cast<const std::string*>(userdata);
    if (rwflag || password == nullptr) return 0;
    int len = static_cast<int>(std::min(password->size(), static_cast<size_t>(size)));
    std::memcpy(buf, password->data(), static_cast<size_t>(len));
    return len;
}

bool is_end_of_pem(uint32_t err) {
    return ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE;
}

// As nginx 1.15.10+: a name starting with "data:" is the PEM text itself, not a file.
bssl::UniquePtr<BIO> open_pem(const std::string& name, const std::function<void(const char*)>& fail) {
    constexpr std::string_view data = "data:";
    if (name.compare(0, data.size(), data) == 0) {
        bssl::UniquePtr<BIO> bio(BIO_new_mem_buf(name.data() + data.size(), static_cast<int>(name.size() - data.size())));
        if (!bio) fail("BIO_new_mem_buf() failed");
        return bio;
    }
    bssl::UniquePtr<BIO> bio(BIO_new_file(name.c_str(), "r"));
    if (!bio) fail("BIO_new_file() failed");
    return bio;
}

bssl::UniquePtr<X509> load_certificate(const std::string& path, bssl::UniquePtr<STACK_OF(X509)>& chain) {
    auto fail = [&](const char* step) { throw_ssl_error("cannot load certificate \"" + path + "\": " + step); };
    bssl::UniquePtr<BIO> bio = open_pem(path, fail);
    bssl::UniquePtr<X509> leaf(PEM_read_bio_X509_AUX(bio.get(), nullptr, nullptr, nullptr));
    if (!leaf) fail("PEM_read_bio_X509_AUX() failed");
    chain.reset(sk_X509_new_null());
    if (!chain) fail("sk_X509_new_null() failed");
    for (;;) {
        bssl::UniquePtr<X509> next(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
        if (!next) {
            if (!is_end_of_pem(ERR_peek_last_error())) fail("PEM_read_bio_X509() failed");
            clear_ssl_errors();
            break;
        }
        if (!bssl::PushToStack(chain.get(), std::move(next))) fail("sk_X509_push() failed");
    }
    return leaf;
}

bssl::UniquePtr<EVP_PKEY> load_key(const std::string& path, const std::vector<std::string>* passwords) {
    auto fail = [&](const char* step) {
        throw_ssl_error("cannot load certificate key \"" + path + "\": " + step);
    };
    bssl::UniquePtr<BIO> bio = open_pem(path, fail);
    size_t tries = passwords ? passwords->size() : 1;
    for (size_t i = 0;; ++i) {
        void* password = passwords ? const_cast<std::string*>(&(*passwords)[i]) : nullptr;
        bssl::UniquePtr<EVP_PKEY> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, password_callback, password));
        if (key) return key;
        if (i + 1 >= tries) fail("PEM_read_bio_PrivateKey() failed");
        clear_ssl_errors();
        BIO_reset(bio.get());
    }
}

}  // namespace

CertifiedKey install_certified_key(SSL_CTX* ctx, const std::string& cert_path, const std::string& key_path,
                                   const std::vector<std::string>* passwords) {
    CertifiedKey ck;
    ck.leaf = load_certificate(cert_path, ck.chain);
    if (!SSL_CTX_use_certificate(ctx, ck.leaf.get())) {
        throw_ssl_error("SSL_CTX_use_certificate(\"" + cert_path + "\") failed");
    }
    if (!SSL_CTX_set1_chain(ctx, ck.chain.get())) throw_ssl_error("SSL_CTX_set0_chain(\"" + cert_path + "\") failed");
    ck.key = load_key(key_path, passwords);
    if (!SSL_CTX_use_PrivateKey(ctx, ck.key.get())) {
        throw_ssl_error("SSL_CTX_use_PrivateKey(\"" + key_path + "\") failed");
    }
    return ck;
}

CertifiedKey load_certified_key(const std::string& cert_path, const std::string& key_path,
                                const std::vector<std::string>* passwords) {
    CertifiedKey ck;
    ck.leaf = load_certificate(cert_path, ck.chain);
    ck.key = load_key(key_path, passwords);
    return ck;
}

bool use_certificate_files(SSL* ssl, const std::string& cert_path, const std::string& key_path,
                           const std::vector<std::string>* passwords, std::string& error) {
    // the loaders throw in nginx's words; this is a connection's failure path, not the common one
    try {
        CertifiedKey ck = load_certified_key(cert_path, key_path, passwords);
        if (use_certified_key(ssl, ck)) return true;
        error = with_ssl_errors("SSL_use_certificate(\"" + cert_path + "\") failed");
    } catch (const confparse::ConfigError& e) {
        error = e.message();
    }
    return false;
}

bool use_certified_key(SSL* ssl, const CertifiedKey& key) {
    return SSL_use_certificate(ssl, key.leaf.get()) && SSL_set1_chain(ssl, key.chain.get()) &&
           SSL_use_PrivateKey(ssl, key.key.get());
}

bool use_certified_key(SSL_CTX* ctx, const CertifiedKey& key) {
    return SSL_CTX_use_certificate(ctx, key.leaf.get()) && SSL_CTX_set1_chain(ctx, key.chain.get()) &&
           SSL_CTX_use_PrivateKey(ctx, key.key.get());
}

}  // namespace tls
