#pragma once
// The variables of a connection in its TLS handshake, for certificates named with them: as nginx's
// ngx_http_ssl_certificate, a request-less context of the connection and the server its SNI chose.
#include <string>

#include "proxy/request_context.hpp"
#include "tls/dynamic_certificates.hpp"

namespace proxy {

class Runtime;
struct Endpoint;

class HandshakeCertificateNames : public tls::CertificateNames {
public:
    // All must outlive the handshake; `conn` gains the handshake's server name ($ssl_server_name).
    HandshakeCertificateNames(const Runtime& runtime, const Endpoint& endpoint, ConnectionContext& conn);

    std::string render(std::string_view server_name, const std::string& name) const override;
    void log_error(const std::string& message) const override;

private:
    const Runtime& runtime_;
    const Endpoint& endpoint_;
    ConnectionContext& conn_;
};

}  // namespace proxy
