#pragma once
// OCSP on the server side, as nginx 1.22 built with this BoringSSL, which has no OCSP support of its own
// (OPENSSL_NO_OCSP): nginx then ignores ssl_stapling with a warning and refuses ssl_ocsp. nproxy does one
// thing more: the response an ssl_stapling_file names is stapled, as nginx with OpenSSL staples it. No
// response is fetched from a responder.
#include <openssl/base.h>

#include <string>

#include "confparse/config.hpp"

namespace tls {

// Staples the level's ssl_stapling_file to the handshakes of `ctx`, when ssl_stapling is on and one is
// named; throws confparse::ConfigError with nginx's message for a file that cannot be read or holds no
// DER OCSP response.
void configure_stapling(SSL_CTX* ctx, const confparse::HttpScope& scope);

// ssl_ocsp (client certificates checked by OCSP) is refused, as by nginx on this library: a server that
// asked for it would otherwise accept revoked certificates. Throws confparse::ConfigError.
void refuse_ocsp(const confparse::HttpScope& scope);

// The warning for a server whose ssl_stapling does nothing (on, no ssl_stapling_file); "" otherwise.
std::string stapling_warning(const confparse::HttpScope& scope);

}  // namespace tls
