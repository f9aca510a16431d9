#include "tls/chain_check.hpp"

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "tls/verify_depth.hpp"

namespace tls {

int verify_chain(const ChainCheck& c, std::int64_t depth) {
    bssl::UniquePtr<X509_STORE_CTX> ctx(X509_STORE_CTX_new());
    if (!ctx || !X509_STORE_CTX_init(ctx.get(), c.trusted, c.leaf, c.chain)) return -1;
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
    X509_VERIFY_PARAM_set_depth(param, openssl_depth(depth));
    if (c.at) X509_VERIFY_PARAM_set_time(param, *c.at);
    if (!c.name.empty()) X509_VERIFY_PARAM_set1_host(param, c.name.data(), c.name.size());
    X509_STORE_CTX_set_purpose(ctx.get(), c.client ? X509_PURPOSE_SSL_CLIENT : X509_PURPOSE_SSL_SERVER);
    int ok = X509_verify_cert(ctx.get());
    ERR_clear_error();
    return ok == 1 ? 0 : X509_STORE_CTX_get_error(ctx.get());
}

std::optional<std::int64_t> depth_that_verifies(const ChainCheck& c, std::int64_t depth) {
    constexpr std::int64_t kDeepest = 10;
    for (std::int64_t deeper = depth + 1; deeper <= kDeepest; ++deeper) {
        if (verify_chain(c, deeper) == 0) return deeper;
    }
    return std::nullopt;
}

}  // namespace tls
