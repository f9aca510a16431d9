#pragma once
// Saved TLS client sessions for upstream connections, shared by all worker threads of a configuration.
// A session is keyed by the connection's identity (the client context, which fixes the client
// certificate and verify settings, plus the verify name / SNI) and the peer address; it is never offered
// across identities. A peer with no session of its own is offered the newest session of its identity,
// so backends sharing ticket keys resume from the first connection to them.
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "tls/boringssl.hpp"

#include <openssl/ssl.h>

namespace tls {

class SessionStore {
public:
    // Makes `ctx` hand every new client session to the store named on the connection (see attach()).
    static void enable(SSL_CTX* ctx);

    // Offers the best saved session to `ssl` and arranges for the sessions it receives to be saved.
    // `slot` must outlive `ssl`.
    struct Slot {
        SessionStore* store = nullptr;
        std::string identity;
        std::string peer;
    };
    void attach(SSL* ssl, Slot& slot);

    void save(const Slot& slot, bssl::UniquePtr<SSL_SESSION> session);
    std::size_t size() const;

private:
    struct Entry {
        std::map<std::string, bssl::UniquePtr<SSL_SESSION>> by_peer;
        bssl::UniquePtr<SSL_SESSION> newest;
    };
    mutable std::mutex mutex_;
    std::map<std::string, Entry> entries_;
};

}  // namespace tls
