#pragma once
// nginx's words for a failed TLS handshake to an upstream.
#include <string>

typedef struct ssl_st SSL;

namespace tls {

// "upstream SSL certificate verify error: (20:unable to get local issuer certificate)" when the peer's
// chain failed verification, "upstream SSL certificate does not match "NAME"" when its names do not cover
// `verify_name`, else "SSL_do_handshake() failed (SSL: ...)" with the library's error. Beyond nginx, a
// hint follows when it can tell what to change: the verify depth that would do, or the SNI that was
// refused (alert 112).
std::string upstream_handshake_error(SSL* ssl, const std::string& verify_name, const std::string& library_error);

}  // namespace tls
