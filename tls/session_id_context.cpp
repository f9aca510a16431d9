#include "tls/session_id_context.hpp"

#include "tls/boringssl.hpp"

#include <openssl/digest.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>

#include "tls/ssl_error.hpp"

namespace tls {

void set_session_id_context(SSL_CTX* ctx, const std::vector<CertifiedKey>& certificates,
                            const std::vector<std::string>& dynamic_certificate_names) {
    SHA_CTX sha;
    SHA1_Init(&sha);
    SHA1_Update(&sha, "HTTP", 4);

    uint8_t digest[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    // nginx walks its certificates newest first.
    for (auto it = certificates.rbegin(); it != certificates.rend(); ++it) {
        if (!X509_digest(it->leaf.get(), EVP_sha1(), digest, &len)) throw_ssl_error("X509_digest() failed");
        SHA1_Update(&sha, digest, len);
    }
    if (certificates.empty()) {
        for (const std::string& name : dynamic_certificate_names) SHA1_Update(&sha, name.data(), name.size());
    }
    if (const STACK_OF(X509_NAME)* names = SSL_CTX_get_client_CA_list(ctx)) {
        for (size_t i = 0; i < sk_X509_NAME_num(names); ++i) {
            if (!X509_NAME_digest(sk_X509_NAME_value(names, i), EVP_sha1(), digest, &len)) {
                throw_ssl_error("X509_NAME_digest() failed");
            }
            SHA1_Update(&sha, digest, len);
        }
    }
    SHA1_Final(digest, &sha);
    if (!SSL_CTX_set_session_id_context(ctx, digest, SHA_DIGEST_LENGTH)) {
        throw_ssl_error("SSL_CTX_set_session_id_context() failed");
    }
}

}  // namespace tls
