#pragma once
// A certificate chain verified outside a handshake, with nginx's depth counting: what `-t` checks
// certificates with, and what a failed upstream handshake is checked again with to name the depth that
// would have done.
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>

#include "tls/boringssl.hpp"

#include <openssl/x509.h>

namespace tls {

struct ChainCheck {
    X509_STORE* trusted = nullptr;
    X509* leaf = nullptr;
    STACK_OF(X509)* chain = nullptr;  // what the peer sent besides its leaf; may be null
    std::string name;                 // checked when not empty
    bool client = false;              // checked as a client's certificate, else a server's
    std::optional<std::time_t> at;    // the time to check at, else now
};

// 0 when the chain verifies within nginx's verify depth `depth`, else the X.509 error.
int verify_chain(const ChainCheck& check, std::int64_t depth);

// The smallest verify depth above `depth` (up to 10) with which the chain verifies, if there is one.
std::optional<std::int64_t> depth_that_verifies(const ChainCheck& check, std::int64_t depth);

}  // namespace tls
