#include "proxy/upstream_certificate.hpp"

#include "confparse/files.hpp"
#include "proxy/runtime.hpp"

namespace proxy {

std::optional<UpstreamCertificate> request_certificate(const Runtime& runtime, const RequestContext& r,
                                                       const confparse::HttpScope& scope) {
    const std::string& cert = *scope.proxy_ssl_certificate;
    const std::string& key = *scope.proxy_ssl_certificate_key;
    if (cert.find('$') == std::string::npos && key.find('$') == std::string::npos) return std::nullopt;
    UpstreamCertificate files{runtime.text(cert).render(r), runtime.text(key).render(r)};
    if (files.cert.empty()) return files;
    // as nginx: relative to the configuration's folder
    const std::string& prefix = runtime.config().main.conf_prefix;
    files.cert = confparse::full_name(prefix, files.cert);
    files.key = confparse::full_name(prefix, files.key);
    return files;
}

}  // namespace proxy
