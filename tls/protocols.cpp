#include "tls/protocols.hpp"

#include "tls/boringssl.hpp"

#include <openssl/ssl.h>

#include "confparse/config.hpp"

namespace tls {

void apply_protocols(SSL_CTX* ctx, unsigned protocols) {
    struct Version {
        unsigned bit;
        uint32_t option;
    };
    static constexpr Version kVersions[] = {
        {confparse::kTLSv1, SSL_OP_NO_TLSv1},
        {confparse::kTLSv1_1, SSL_OP_NO_TLSv1_1},
        {confparse::kTLSv1_2, SSL_OP_NO_TLSv1_2},
        {confparse::kTLSv1_3, SSL_OP_NO_TLSv1_3},
    };
    SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
    SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
    for (const Version& v : kVersions) {
        if (!(protocols & v.bit)) SSL_CTX_set_options(ctx, v.option);
    }
}

}  // namespace tls
