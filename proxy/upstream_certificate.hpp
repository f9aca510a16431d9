#pragma once
// proxy_ssl_certificate / proxy_ssl_certificate_key with variables: nginx renders them for each upstream
// connection and loads those files then, so one location can present a certificate chosen per request.
#include <optional>
#include <string>

#include "confparse/config.hpp"
#include "proxy/request_context.hpp"

namespace proxy {

class Runtime;

struct UpstreamCertificate {
    std::string cert, key;  // full paths; an empty cert: none is offered
};

// The files for this request, or nullopt when the paths hold no variables (the location's client context
// has the certificate already).
std::optional<UpstreamCertificate> request_certificate(const Runtime& runtime, const RequestContext& r,
                                                       const confparse::HttpScope& scope);

}  // namespace proxy
