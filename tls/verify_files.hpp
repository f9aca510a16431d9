#pragma once
// The files that decide whether a peer's certificate is trusted: CA bundles and CRLs, loaded into an
// SSL_CTX's store with nginx's messages (ngx_ssl_client_certificate, _trusted_certificate, ngx_ssl_crl).
#include <string>

#include "tls/boringssl.hpp"

namespace tls {

// Trusts the CAs in `path` and also sends their names to clients as the acceptable issuers.
void load_client_certificate(SSL_CTX* ctx, const std::string& path);

// Trusts the CAs in `path` without advertising them.
void load_trusted_certificate(SSL_CTX* ctx, const std::string& path);

// Loads the CRLs in `path` and turns on CRL checks for the whole chain.
void load_crl(SSL_CTX* ctx, const std::string& path);

}  // namespace tls
