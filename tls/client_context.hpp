#pragma once
// The TLS context for connections to upstreams from one location: proxy_ssl_* settings built once, as
// nginx's ngx_http_proxy_set_ssl builds them; each connection is then made from it.
#include <memory>
#include <string_view>

#include "confparse/config.hpp"
#include "tls/boringssl.hpp"

namespace tls {

class ClientContext {
public:
    // Builds the context; throws confparse::ConfigError with nginx's message on the first problem.
    explicit ClientContext(const confparse::HttpScope& location);
    ~ClientContext();
    ClientContext(const ClientContext&) = delete;
    ClientContext& operator=(const ClientContext&) = delete;

    // A connection that, when proxy_ssl_verify is on, verifies the peer's chain and `verify_name`, and
    // sends `verify_name` as SNI when `send_sni` (never for an IP address, as RFC 6066 forbids).
    // Null when the library fails.
    bssl::UniquePtr<SSL> new_connection(std::string_view verify_name, bool send_sni) const;

    SSL_CTX* native() const;
    bool verify() const;

private:
    bssl::UniquePtr<SSL_CTX> ctx_;
    bool verify_ = false;
};

}  // namespace tls
