#include "tls/dynamic_certificates.hpp"

#include <openssl/ssl.h>

#include "confparse/error.hpp"
#include "tls/ssl_error.hpp"

namespace tls {
namespace {

constexpr size_t kCachedPairs = 64;

int names_index() {
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

int certificate_callback(SSL* ssl, void* arg) { return static_cast<DynamicCertificates*>(arg)->apply(ssl) ? 1 : 0; }

}  // namespace

void attach_certificate_names(SSL* ssl, const CertificateNames* names) {
    SSL_set_ex_data(ssl, names_index(), const_cast<CertificateNames*>(names));
}

DynamicCertificates::DynamicCertificates(std::vector<std::string> certificates, std::vector<std::string> keys,
                                         std::vector<std::string> passwords)
    : certificates_(std::move(certificates)), keys_(std::move(keys)), passwords_(std::move(passwords)) {}

void DynamicCertificates::install(SSL_CTX* ctx) { SSL_CTX_set_cert_cb(ctx, certificate_callback, this); }

bool DynamicCertificates::apply(SSL* ssl) {
    const auto* names = static_cast<const CertificateNames*>(SSL_get_ex_data(ssl, names_index()));
    if (!names) return false;
    const char* sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    std::string_view server_name = sni ? sni : "";
    for (size_t i = 0; i < certificates_.size(); ++i) {
        std::string cert = names->render(server_name, certificates_[i]);
        std::string key = names->render(server_name, keys_[i]);
        std::string error;
        std::shared_ptr<const CertifiedKey> pair = load(cert, key, error);
        if (!pair) {
            names->log_error(error);
            return false;
        }
        if (!use_certified_key(ssl, *pair)) {
            names->log_error(with_ssl_errors("SSL_use_certificate(\"" + cert + "\") failed"));
            return false;
        }
    }
    return true;
}

std::shared_ptr<const CertifiedKey> DynamicCertificates::load(const std::string& cert, const std::string& key,
                                                              std::string& error) {
    std::string name = cert + '\n' + key;
    {
        std::lock_guard lock(mutex_);
        auto it = cache_.find(name);
        if (it != cache_.end()) return it->second;
    }
    // the loaders throw in nginx's words; a failed load is not kept, as the file may appear later
    std::shared_ptr<const CertifiedKey> pair;
    try {
        pair = std::make_shared<const CertifiedKey>(
            load_certified_key(cert, key, passwords_.empty() ? nullptr : &passwords_));
    } catch (const confparse::ConfigError& e) {
        error = e.message();
        return nullptr;
    }
    std::lock_guard lock(mutex_);
    if (cache_.size() >= kCachedPairs) cache_.clear();
    cache_.emplace(std::move(name), pair);
    return pair;
}

}  // namespace tls
