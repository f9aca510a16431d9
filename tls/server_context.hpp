#pragma once
// The TLS context clients meet on one server block: certificates, protocols, ciphers, client
// verification, session resumption; built once from the merged ssl_* settings as nginx's
// ngx_http_ssl_merge_srv_conf builds it.
#include <memory>

#include "confparse/config.hpp"
#include "tls/boringssl.hpp"

namespace tls {

class ServerContext {
public:
    // Whether nginx builds a context for a server with these settings: "ssl on", any ssl_certificate
    // (inherited ones too), or ssl_reject_handshake.
    static bool wanted(const confparse::HttpScope& scope);

    // Builds the context, checking in nginx's order; throws confparse::ConfigError with nginx's message.
    explicit ServerContext(const confparse::HttpScope& scope);
    ~ServerContext();
    ServerContext(const ServerContext&) = delete;
    ServerContext& operator=(const ServerContext&) = delete;

    SSL_CTX* native() const;

    // As nginx, the handshake accepts any client certificate; the HTTP layer applies this policy to
    // SSL_get_verify_result (400 for a missing or bad certificate where required).
    confparse::VerifyClient verify_client() const;

    // ssl_reject_handshake: a handshake meant for this server is refused (alert unrecognized_name).
    bool rejects_handshakes() const;

    // Certificates named with variables are loaded per connection (see tls/dynamic_certificates.hpp).
    bool dynamic_certificates() const;

    // How many certificate/key pairs were loaded (one is chosen per connection by the client's
    // signature algorithms).
    size_t certificate_count() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tls
