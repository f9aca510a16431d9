#include "proxy/handshake_certificate_names.hpp"

#include "confparse/files.hpp"
#include "proxy/runtime.hpp"
#include "proxy/variables.hpp"

namespace proxy {

HandshakeCertificateNames::HandshakeCertificateNames(const Runtime& runtime, const Endpoint& endpoint,
                                                     ConnectionContext& conn)
    : runtime_(runtime), endpoint_(endpoint), conn_(conn) {}

std::string HandshakeCertificateNames::render(std::string_view server_name, const std::string& name) const {
    if (!conn_.tls_info || conn_.tls_info->server_name != server_name) {
        auto info = std::make_unique<tls::ConnectionInfo>();
        info->active = true;
        info->server_name = server_name;
        conn_.tls_info = std::move(info);  // the completed handshake's inspection replaces it
    }
    RequestContext r;
    r.connection = &conn_;
    r.computed = &runtime_.computed_variables();
    r.server = runtime_.router().find_server(endpoint_, server_name);
    // compiled per handshake: a few bytes of parsing beside the handshake's public-key operations
    std::string value = Template(name).render(r);
    // as nginx's ngx_ssl_load_certificate: "data:" is the PEM itself, else a path from the prefix
    if (value.rfind("data:", 0) == 0) return value;
    return confparse::full_name(runtime_.config().main.conf_prefix, value);
}

void HandshakeCertificateNames::log_error(const std::string& message) const {
    runtime_.main_error_log().write(confparse::LogLevel::Error, conn_.id,
                                    message + " while SSL handshaking, client: " + conn_.remote_addr +
                                        ", server: " + endpoint_.key);
}

}  // namespace proxy
