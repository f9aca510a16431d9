#pragma once
#include <cstdint>

namespace tls {

// nginx's verify depth counts as OpenSSL 1.1+ does: depth N lets N intermediates stand between the
// peer's certificate and the trust anchor. This BoringSSL counts the anchor too, so it is told N + 1.
inline int openssl_depth(std::int64_t depth) { return static_cast<int>(depth) + 1; }

}  // namespace tls
