#pragma once
// Certificates named with variables ("ssl_certificate $ssl_server_name.crt"): as nginx 1.15.9+, the names
// are rendered during each handshake, by whoever knows the connection's variables, and the files loaded.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "tls/boringssl.hpp"
#include "tls/certified_key.hpp"

namespace tls {

// What the HTTP layer gives a handshake: the names rendered with the connection's variables (made full
// paths, or left as "data:" text), and where a failure is told. `server_name` is the client's SNI ("" for
// none), which the connection's variables do not hold yet.
class CertificateNames {
public:
    virtual ~CertificateNames() = default;
    virtual std::string render(std::string_view server_name, const std::string& name) const = 0;
    virtual void log_error(const std::string& message) const = 0;
};

// Gives the connection's handshake its renderer, which must outlive the handshake.
void attach_certificate_names(SSL* ssl, const CertificateNames* names);

class DynamicCertificates {
public:
    DynamicCertificates(std::vector<std::string> certificates, std::vector<std::string> keys,
                        std::vector<std::string> passwords);

    // Makes this the certificate callback of `ctx` (which it must outlive).
    void install(SSL_CTX* ctx);

    // Renders every pair for `ssl` and makes them what it presents; false, with the failure logged in
    // nginx's words, fails the handshake.
    bool apply(SSL* ssl);

private:
    std::shared_ptr<const CertifiedKey> load(const std::string& cert, const std::string& key, std::string& error);

    std::vector<std::string> certificates_, keys_, passwords_;
    // nginx re-reads the files per handshake; loaded pairs are kept by rendered names instead, bounded,
    // and live as long as this configuration (a reload reads the files again).
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const CertifiedKey>> cache_;
};

}  // namespace tls
