#include "tls/doctor.hpp"

#include <functional>

#include "tls/boringssl.hpp"
#include "tls/chain_check.hpp"
#include "tls/ip_address.hpp"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace tls {
namespace {

using confparse::HttpScope;
using confparse::Location;
using confparse::Server;
using confparse::SourceRef;

constexpr int kSoonDays = 30;

struct Pem {
    std::vector<bssl::UniquePtr<X509>> certs;  // in file order: the leaf first for a certificate file
};

Pem read_pem(const std::string& path) {
    Pem pem;
    bssl::UniquePtr<BIO> bio(BIO_new_file(path.c_str(), "r"));
    if (!bio) return pem;
    while (X509* x = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) pem.certs.emplace_back(x);
    ERR_clear_error();  // the end of the file reads as an error
    return pem;
}

std::string subject_of(X509* cert) {
    char text[256];
    X509_NAME_oneline(X509_get_subject_name(cert), text, sizeof text);
    return text;
}

class Doctor {
public:
    Doctor(const confparse::Config& config, std::time_t now) : config_(config), now_(now) {}

    std::vector<Finding> run() {
        const confparse::Http& http = *config_.http;
        for (const Server& server : http.servers) {
            check_server(server);
            walk(server.locations, [&](const Location& loc) { check_location(loc); });
        }
        return std::move(findings_);
    }

private:
    void warn(std::string message, const SourceRef& where) { findings_.push_back({std::move(message), where}); }

    void walk(const std::vector<Location>& locations, const std::function<void(const Location&)>& visit) {
        for (const Location& loc : locations) {
            visit(loc);
            walk(loc.locations, visit);
        }
    }

    // Expired, not yet valid, or expiring within kSoonDays.
    void check_dates(X509* cert, const std::string& what, const SourceRef& where) {
        std::time_t now = now_;
        if (X509_cmp_time(X509_get0_notBefore(cert), &now) > 0) {
            warn(what + " is not valid yet (" + subject_of(cert) + ")", where);
            return;
        }
        if (X509_cmp_time(X509_get0_notAfter(cert), &now) < 0) {
            warn(what + " has expired (" + subject_of(cert) + ")", where);
            return;
        }
        bssl::UniquePtr<ASN1_TIME> now_time(ASN1_TIME_set(nullptr, now_));
        int days = 0, seconds = 0;
        if (now_time && ASN1_TIME_diff(&days, &seconds, now_time.get(), X509_get0_notAfter(cert)) &&
            days < kSoonDays) {
            warn(what + " expires in " + std::to_string(days) + " days (" + subject_of(cert) + ")", where);
        }
    }

    // The X.509 verdict on `pem` (leaf first) against the CAs in `ca_path` within `depth`, for `name` when
    // not empty, as a server's (or a client's) certificate: empty when it verifies, else
    // "(20:unable to get local issuer certificate)", with the depth that would do when depth is the cause.
    std::string verdict(const Pem& pem, const std::string& ca_path, std::int64_t depth, const std::string& name,
                        bool client, const char* depth_directive) {
        bssl::UniquePtr<X509_STORE> trusted(X509_STORE_new());
        for (const auto& ca : read_pem(ca_path).certs) X509_STORE_add_cert(trusted.get(), ca.get());
        bssl::UniquePtr<STACK_OF(X509)> chain(sk_X509_new_null());
        for (size_t i = 1; i < pem.certs.size(); ++i) {
            X509_up_ref(pem.certs[i].get());
            sk_X509_push(chain.get(), pem.certs[i].get());
        }
        ChainCheck check{trusted.get(), pem.certs.front().get(), chain.get(), name, client, now_};
        int error = verify_chain(check, depth);
        if (error == 0) return "";
        std::string out = "(" + std::to_string(error) + ":" + X509_verify_cert_error_string(error) + ")";
        if (auto deeper = depth_that_verifies(check, depth)) {
            out += "; it would verify with \"" + std::string(depth_directive) + " " + std::to_string(*deeper) + "\"";
        }
        return out;
    }

    void check_server(const Server& server) {
        const HttpScope& s = server.scope;
        bool ssl = false;
        for (const auto& l : server.listens) ssl = ssl || l.ssl;
        if (!ssl) return;
        std::vector<Pem> certs;
        for (const std::string& path : *s.ssl_certificate) {
            if (path.find('$') != std::string::npos) continue;
            Pem pem = read_pem(path);
            if (pem.certs.empty()) continue;
            check_dates(pem.certs.front().get(), "the certificate \"" + path + "\"", s.ssl_certificate.where);
            certs.push_back(std::move(pem));
        }
        if (certs.empty()) return;
        for (const auto& n : server.names) {
            if (n.kind != confparse::ServerName::Kind::Exact || n.name.empty() || n.name == "_" || is_ip_address(n.name)) continue;
            bool covered = false;
            for (const Pem& pem : certs) {
                covered = covered ||
                          X509_check_host(pem.certs.front().get(), n.name.data(), n.name.size(), 0, nullptr) == 1;
            }
            if (!covered) {
                warn("no certificate of this server covers its name \"" + n.name + "\": clients that check names "
                     "will refuse it",
                     n.where);
            }
        }
    }

    // The ssl server of this configuration that listens on a peer's address, if any.
    const Server* backend_at(const std::string& peer, int port) {
        for (const Server& server : config_.http->servers) {
            for (const auto& l : server.listens) {
                if (!l.ssl || l.port != port) continue;
                bool any = l.host.empty() || l.host == "*" || l.host == "0.0.0.0" || l.host == "[::]";
                for (const auto& a : l.addresses) any = any || a == peer;
                if (any) return &server;
            }
        }
        return nullptr;
    }

    void check_location(const Location& loc) {
        const confparse::ProxyPass& pass = loc.proxy_pass;
        if (!pass.https || pass.has_variables) return;
        const HttpScope& s = loc.scope;
        const SourceRef& where = pass.where;
        const confparse::Upstream& group = config_.http->upstreams.at(pass.upstream);
        std::string name = s.proxy_ssl_name->empty() ? pass.host : *s.proxy_ssl_name;
        bool name_known = name.find('$') == std::string::npos;
        if (!*s.proxy_ssl_verify) {
            warn("\"proxy_pass " + pass.url + "\" does not authenticate the upstream (proxy_ssl_verify is off): "
                 "add \"proxy_ssl_verify on;\" and \"proxy_ssl_trusted_certificate\" with the CA that signs its "
                 "certificate",
                 where);
        } else if (name_known && !is_ip_address(name)) {
            if (!*s.proxy_ssl_server_name) {
                warn("no SNI is sent to \"" + name + "\" (proxy_ssl_server_name is off): an upstream that picks its "
                     "certificate by SNI will fail the handshake; add \"proxy_ssl_server_name on;\"",
                     where);
            }
            if (s.proxy_ssl_name->empty() && !group.implicit && name.find('.') == std::string::npos) {
                warn("the upstream's certificate is checked against the name \"" + name + "\" of the upstream block, "
                     "which no certificate is likely to carry: set \"proxy_ssl_name\" to the name it has",
                     where);
            }
        }
        Pem client;
        if (!s.proxy_ssl_certificate->empty() && s.proxy_ssl_certificate->find('$') == std::string::npos) {
            client = read_pem(*s.proxy_ssl_certificate);
        }
        if (!client.certs.empty()) {
            X509* leaf = client.certs.front().get();
            std::string what = "the client certificate \"" + *s.proxy_ssl_certificate + "\"";
            check_dates(leaf, what, s.proxy_ssl_certificate.where);
            uint32_t usage = X509_get_extended_key_usage(leaf);
            if (usage != UINT32_MAX && !(usage & XKU_SSL_CLIENT)) {
                warn(what + " does not allow client authentication (its extended key usage lacks clientAuth): "
                     "upstreams that check client certificates will refuse it",
                     s.proxy_ssl_certificate.where);
            }
        }
        // The upstream peers this configuration serves itself (the same binary runs the backends): their
        // certificates are checked with this location's settings, and this location's client certificate
        // with theirs.
        for (const auto& peer : group.servers) {
            for (const std::string& address : peer.resolved) {
                const Server* backend = backend_at(address, peer.port);
                if (backend) check_pair(loc, *backend, address, name_known ? name : "", client);
            }
        }
    }

    void check_pair(const Location& loc, const Server& backend, const std::string& address, const std::string& name,
                    const Pem& client) {
        const HttpScope& s = loc.scope;
        const HttpScope& b = backend.scope;
        const SourceRef& where = loc.proxy_pass.where;
        std::string at = "the server at " + address + " (" + backend.where.file + ":" + std::to_string(backend.where.line) + ")";
        if (*s.proxy_ssl_verify && !b.ssl_certificate->empty() && !s.proxy_ssl_trusted_certificate->empty()) {
            Pem cert = read_pem(b.ssl_certificate->front());
            if (!cert.certs.empty()) {
                std::string failure = verdict(cert, *s.proxy_ssl_trusted_certificate, *s.proxy_ssl_verify_depth, name,
                                              false, "proxy_ssl_verify_depth");
                if (!failure.empty()) warn("the certificate of " + at + " will fail verification here: " + failure, where);
            }
        }
        auto mode = *b.ssl_verify_client;
        if (mode != confparse::VerifyClient::On && mode != confparse::VerifyClient::Optional) return;
        if (s.proxy_ssl_certificate->empty()) {
            warn(at + " asks for a client certificate (ssl_verify_client) and this location sends none: its "
                 "requests will get \"400 No required SSL certificate was sent\"; add \"proxy_ssl_certificate\"",
                 where);
            return;
        }
        if (client.certs.empty() || b.ssl_client_certificate->empty()) return;
        std::string failure = verdict(client, *b.ssl_client_certificate, *b.ssl_verify_depth, "", true, "ssl_verify_depth");
        if (!failure.empty()) {
            warn("the client certificate \"" + *s.proxy_ssl_certificate + "\" will be refused by " + at + ": " + failure,
                 s.proxy_ssl_certificate.where);
        }
    }

    const confparse::Config& config_;
    std::time_t now_;
    std::vector<Finding> findings_;
};

}  // namespace

std::vector<Finding> diagnose(const confparse::Config& config, std::time_t now) {
    if (!config.http) return {};
    return Doctor(config, now).run();
}

}  // namespace tls
