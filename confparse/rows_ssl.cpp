// Server-side TLS: ssl_* at http and server level (ngx_http_ssl_module), defaults as nginx 1.22.
#include "confparse/password_file.hpp"
#include "confparse/setters.hpp"
#include "confparse/shared_zone.hpp"

namespace confparse {

const std::initializer_list<Named<unsigned>>& protocol_names();

namespace {


// ssl_certificate and ssl_certificate_key: each occurrence adds one (a server may have RSA and ECDSA).
Row path_list(std::string_view name, Setting<std::vector<std::string>> HttpScope::*member) {
    return appended(name, kHttpServer, kTake1, member, [](BuildState& b, const Directive& d) {
        b.note_variables(d.args[0], d);
        // as nginx: "data:" is the PEM text itself, and a name with variables is made a path per handshake
        bool as_written = d.args[0].find('$') != std::string::npos || d.args[0].rfind("data:", 0) == 0;
        return as_written ? d.args[0] : b.conf_path(d.args[0]);
    });
}


// "shared:NAME:SIZE", as ssl_session_cache and ssl_ocsp_cache name a shared zone: its name and size, or
// nothing when the value is no such text (no name, no size, a size that is none)
struct SharedCache {
    std::string name;
    std::int64_t size;
};
std::optional<SharedCache> read_shared_cache(const std::string& v) {
    if (v.size() <= 7 || v.rfind("shared:", 0) != 0) return std::nullopt;
    std::size_t colon = v.find(':', 7);
    if (colon == std::string::npos || colon == 7) return std::nullopt;
    auto size = parse_size(v.substr(colon + 1));
    if (!size) return std::nullopt;
    return SharedCache{v.substr(7, colon - 7), *size};
}

SslSessionCache read_session_cache(const Directive& d, SslSessionCache c) {
    auto invalid = [&](const std::string& v) { fail(d, "invalid session cache \"" + v + "\""); };
    for (const auto& v : d.args) {
        if (v == "off") {
            c.off = true, c.none = false;
        } else if (v == "none") {
            c.none = true, c.off = false;
        } else if (v == "builtin") {
            c.builtin = 20480, c.none = c.off = false;
        } else if (v.size() > 8 && v.rfind("builtin:", 0) == 0) {
            auto n = parse_number(v.substr(8));
            if (!n) invalid(v);
            c.builtin = *n, c.none = c.off = false;
        } else if (auto shared = read_shared_cache(v)) {
            if (shared->size < 8 * 4096) fail(d, "session cache \"" + v + "\" is too small");
            c.shared_name = shared->name, c.shared_size = shared->size, c.none = c.off = false;
        } else {
            invalid(v);
        }
    }
    return c;
}

// ssl_ocsp_cache: "off" or "shared:NAME:SIZE", of at least 8 pages, as nginx reads it
std::string read_ocsp_cache(const Directive& d) {
    const std::string& v = d.args[0];
    if (v == "off") return v;
    auto shared = read_shared_cache(v);
    if (!shared) fail(d, "invalid OCSP cache \"" + v + "\"");
    if (shared->size < 8 * 4096) fail(d, "OCSP cache \"" + v + "\" is too small");
    return v;
}

}  // namespace

void add_ssl_rows(std::vector<Row>& rows) {
    rows.push_back(flag("ssl", kHttpServer, &HttpScope::ssl, false));
    rows.push_back(path_list("ssl_certificate", &HttpScope::ssl_certificate));
    rows.push_back(path_list("ssl_certificate_key", &HttpScope::ssl_certificate_key));
    rows.push_back(password_file("ssl_password_file", kHttpServer, &HttpScope::ssl_password_file));
    rows.push_back(file_path("ssl_client_certificate", kHttpServer, &HttpScope::ssl_client_certificate, false));
    rows.push_back(file_path("ssl_trusted_certificate", kHttpServer, &HttpScope::ssl_trusted_certificate, false));
    rows.push_back(file_path("ssl_crl", kHttpServer, &HttpScope::ssl_crl, false));
    rows.push_back(scoped("ssl_verify_client", kHttpServer, kTake1, &HttpScope::ssl_verify_client, [](const Directive& d) {
        return read_enum<VerifyClient>(d, {{"off", VerifyClient::Off}, {"on", VerifyClient::On},
                                           {"optional", VerifyClient::Optional},
                                           {"optional_no_ca", VerifyClient::OptionalNoCa}});
    }, VerifyClient::Off));
    rows.push_back(scoped("ssl_verify_depth", kHttpServer, kTake1, &HttpScope::ssl_verify_depth,
                          [](const Directive& d) { return read_number(d); }, std::int64_t{1}));

    Row protocols{"ssl_protocols", kHttpServer, k1More};
    protocols.set = [](BuildState& b, const Directive& d) {
        auto& s = b.scope().ssl_protocols;
        s = {read_bitmask(d, protocol_names(), s.is_set() ? *s : 0), d.where};
    };
    protocols.merge = [](HttpScope& child, const HttpScope& parent) {
        child.ssl_protocols.merge(parent.ssl_protocols, kTLSv1 | kTLSv1_1 | kTLSv1_2);  // as nginx 1.22
    };
    rows.push_back(protocols);

    rows.push_back(scoped("ssl_ciphers", kHttpServer, kTake1, &HttpScope::ssl_ciphers, arg0,
                          std::string("HIGH:!aNULL:!MD5")));
    rows.push_back(scoped("ssl_ecdh_curve", kHttpServer, kTake1, &HttpScope::ssl_ecdh_curve, arg0, std::string("auto")));
    rows.push_back(flag("ssl_prefer_server_ciphers", kHttpServer, &HttpScope::ssl_prefer_server_ciphers, false));

    Row cache{"ssl_session_cache", kHttpServer, kTake12};
    cache.set = [](BuildState& b, const Directive& d) {
        auto& s = b.scope().ssl_session_cache;
        s = {read_session_cache(d, s.is_set() ? *s : SslSessionCache{}), d.where};
        if (!s->shared_name.empty()) check_zone_unused(d, b.http().proxy_cache_zones, s->shared_name);
    };
    cache.merge = [](HttpScope& child, const HttpScope& parent) {
        child.ssl_session_cache.merge(parent.ssl_session_cache, SslSessionCache{});
    };
    rows.push_back(cache);

    rows.push_back(scoped("ssl_session_timeout", kHttpServer, kTake1, &HttpScope::ssl_session_timeout,
                          [](const Directive& d) { return read_sec(d); }, std::int64_t{300}));
    rows.push_back(flag("ssl_session_tickets", kHttpServer, &HttpScope::ssl_session_tickets, true));
    rows.push_back(path_list("ssl_session_ticket_key", &HttpScope::ssl_session_ticket_key));
    rows.push_back(scoped("ssl_buffer_size", kHttpServer, kTake1, &HttpScope::ssl_buffer_size,
                          [](const Directive& d) { return read_size(d); }, Size{16384}));
    rows.push_back(flag("ssl_reject_handshake", kHttpServer, &HttpScope::ssl_reject_handshake, false));
    rows.push_back(accepted("ssl_dhparam", kHttpServer, kTake1));
    rows.push_back(accepted("ssl_early_data", kHttpServer, kFlag, [](const Directive& d) { read_flag(d); }));

    // OCSP: what nginx reads; tls/stapling.* says what comes of it with this TLS library
    rows.push_back(flag("ssl_stapling", kHttpServer, &HttpScope::ssl_stapling, false));
    rows.push_back(file_path("ssl_stapling_file", kHttpServer, &HttpScope::ssl_stapling_file, false));
    rows.push_back(scoped("ssl_stapling_responder", kHttpServer, kTake1, &HttpScope::ssl_stapling_responder, arg0,
                          std::string()));
    rows.push_back(flag("ssl_stapling_verify", kHttpServer, &HttpScope::ssl_stapling_verify, false));
    rows.push_back(scoped("ssl_ocsp", kHttpServer, kFlag, &HttpScope::ssl_ocsp, [](const Directive& d) {
        return read_enum<bool>(d, {{"off", false}, {"on", true}, {"leaf", true}});
    }, false));
    rows.push_back(scoped("ssl_ocsp_responder", kHttpServer, kTake1, &HttpScope::ssl_ocsp_responder, arg0,
                          std::string()));
    rows.push_back(scoped("ssl_ocsp_cache", kHttpServer, kTake1, &HttpScope::ssl_ocsp_cache, read_ocsp_cache,
                          std::string("off")));
    // OpenSSL's SSL_CONF_cmd(), which BoringSSL has not: nginx built with it refuses these as nproxy does
    for (auto [name, contexts] : {std::pair{"ssl_conf_command", kHttpServer}, {"proxy_ssl_conf_command", kHttpLevels}}) {
        rows.push_back({name, contexts, kTake2, [](BuildState&, const Directive& d) {
            fail_directive(d, "is not supported on this platform");
        }});
    }
}

}  // namespace confparse
