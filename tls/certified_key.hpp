#pragma once
// A certificate chain and its private key, loaded from PEM files (or "data:" PEM text) as nginx's ngx_ssl_certificate does,
// with nginx's messages for every way that can fail.
#include <string>
#include <vector>

#include "tls/boringssl.hpp"

#include <openssl/evp.h>
#include <openssl/x509.h>

namespace tls {

struct CertifiedKey {
    bssl::UniquePtr<X509> leaf;
    bssl::UniquePtr<STACK_OF(X509)> chain;  // the rest of the certificate file, leaf excluded
    bssl::UniquePtr<EVP_PKEY> key;
};

// Loads `cert_path` (leaf, then chain) and `key_path` (tried with each passphrase in order; `passwords`
// may be null when no password file is configured), installs them as `ctx`'s certificate and key, and
// returns them. Throws an unlocated confparse::ConfigError in nginx's words on any failure.
CertifiedKey install_certified_key(SSL_CTX* ctx, const std::string& cert_path, const std::string& key_path,
                                   const std::vector<std::string>* passwords);

// Loads `cert_path` and `key_path` as install_certified_key does, without installing them; throws likewise.
CertifiedKey load_certified_key(const std::string& cert_path, const std::string& key_path,
                                const std::vector<std::string>* passwords);

// Loads `cert_path` and `key_path` as install_certified_key does and makes them the certificate `ssl`
// presents (a certificate chosen per connection). False with nginx's words in `error` on any failure.
bool use_certificate_files(SSL* ssl, const std::string& cert_path, const std::string& key_path,
                           const std::vector<std::string>* passwords, std::string& error);

// Makes `key` the certificate and key `ssl` presents (the per-connection choice among several).
bool use_certified_key(SSL* ssl, const CertifiedKey& key);

// Makes `key` the context's default certificate and key again (BoringSSL keeps one per context).
bool use_certified_key(SSL_CTX* ctx, const CertifiedKey& key);

}  // namespace tls
