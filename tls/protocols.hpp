#pragma once
// ssl_protocols / proxy_ssl_protocols (nginx's bits, confparse::Protocol) applied to an SSL_CTX.
#include "tls/boringssl.hpp"

namespace tls {

// Enables exactly the TLS versions named in `protocols`. SSLv2/SSLv3 do not exist in BoringSSL: naming
// only them leaves no version, and every handshake fails, as with an OpenSSL built without them.
void apply_protocols(SSL_CTX* ctx, unsigned protocols);

}  // namespace tls
