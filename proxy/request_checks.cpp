#include "proxy/request_checks.hpp"

#include <strings.h>

namespace proxy {
namespace {

int count(const RequestContext& r, const char* name) {
    int n = 0;
    for (const auto& h : r.headers) n += strcasecmp(h.name.c_str(), name) == 0;
    return n;
}

}  // namespace

int request_header_status(const RequestContext& r) {
    if (count(r, "Host") > 1 || count(r, "Content-Length") > 1) return 400;
    if (const std::string* te = r.header("Transfer-Encoding")) {
        if (r.http_version == 10) return 400;
        if (strcasecmp(te->c_str(), "chunked") != 0) return 501;
    }
    return r.method == "TRACE" ? 405 : 0;  // as nginx: TRACE is never served
}

std::string sni_naming_server(const Router& router, const Endpoint& endpoint, const tls::ConnectionInfo& tls) {
    if (!tls.active || tls.server_name.empty()) return {};
    std::string sni = normalize_host(tls.server_name);
    return router.find_named_server(endpoint, sni) ? sni : std::string();
}

bool is_misdirected(const std::string& sni_named, const std::string& host, const confparse::Server& server) {
    if (sni_named.empty() || sni_named == host) return false;
    return *server.scope.ssl_verify_client != confparse::VerifyClient::Off;
}

}  // namespace proxy
