#pragma once
// The session ID context of a server context, made as nginx makes it (ngx_ssl_session_id_context): a
// SHA-1 over the module's name, the server's certificates (or, when they are chosen at run time, their
// configured names) and the names of the CAs clients are verified against. A session then resumes only
// on a server that presents the same certificates and would accept the same client certificates.
#include <string>
#include <vector>

#include "tls/certified_key.hpp"

namespace tls {

void set_session_id_context(SSL_CTX* ctx, const std::vector<CertifiedKey>& certificates,
                            const std::vector<std::string>& dynamic_certificate_names);

}  // namespace tls
