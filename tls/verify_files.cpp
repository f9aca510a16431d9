#include "tls/verify_files.hpp"

#include "tls/boringssl.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "tls/ssl_error.hpp"

namespace tls {

void load_trusted_certificate(SSL_CTX* ctx, const std::string& path) {
    if (!SSL_CTX_load_verify_locations(ctx, path.c_str(), nullptr)) {
        throw_ssl_error("SSL_CTX_load_verify_locations(\"" + path + "\") failed");
    }
    clear_ssl_errors();  // as nginx notes, success may leave errors queued
}

void load_client_certificate(SSL_CTX* ctx, const std::string& path) {
    load_trusted_certificate(ctx, path);
    STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(path.c_str());
    if (names == nullptr) throw_ssl_error("SSL_load_client_CA_file(\"" + path + "\") failed");
    SSL_CTX_set_client_CA_list(ctx, names);
}

void load_crl(SSL_CTX* ctx, const std::string& path) {
    X509_STORE* store = SSL_CTX_get_cert_store(ctx);
    if (store == nullptr) throw_ssl_error("SSL_CTX_get_cert_store() failed");
    X509_LOOKUP* lookup = X509_STORE_add_lookup(store, X509_LOOKUP_file());
    if (lookup == nullptr) throw_ssl_error("X509_STORE_add_lookup() failed");
    if (!X509_LOOKUP_load_file(lookup, path.c_str(), X509_FILETYPE_PEM)) {
        throw_ssl_error("X509_LOOKUP_load_file(\"" + path + "\") failed");
    }
    X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
}

}  // namespace tls
