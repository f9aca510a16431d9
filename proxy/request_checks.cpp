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

bool is_misdirected(const Router& router, const Endpoint& endpoint, const tls::ConnectionInfo& tls,
                    const std::string& host, const confparse::Server& server) {
    if (!tls.active || tls.server_name.empty()) return false;
    std::string sni = normalize_host(tls.server_name);
    if (sni == host || !router.find_named_server(endpoint, sni)) return false;
    return *server.scope.ssl_verify_client != confparse::VerifyClient::Off;
}

}  // namespace proxy
