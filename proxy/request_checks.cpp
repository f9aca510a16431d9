#include "proxy/request_checks.hpp"

#include <string.h>  // strcasestr
#include <strings.h>

#include <array>
#include <limits>

namespace proxy {
namespace {

// The fields nginx takes once (ngx_http_process_unique_header_line), Host apart.
constexpr std::array<const char*, 10> kUnique = {"If-Modified-Since", "If-Unmodified-Since", "If-Match",
                                                 "If-None-Match",     "Content-Length",      "Content-Range",
                                                 "If-Range",          "Transfer-Encoding",   "Expect",
                                                 "Authorization"};

bool unique(const std::string& name) {
    for (const char* u : kUnique) {
        if (strcasecmp(name.c_str(), u) == 0) return true;
    }
    return false;
}

// As nginx's ngx_atoof: digits only, within a 64-bit file offset.
bool valid_length(const std::string& value) {
    if (value.empty()) return false;
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    std::int64_t n = 0;
    for (char c : value) {
        if (c < '0' || c > '9') return false;
        const int digit = c - '0';
        if (n > (kMax - digit) / 10) return false;  // checked before it can overflow
        n = n * 10 + digit;
    }
    return true;
}

}  // namespace

bool valid_method(std::string_view method) {
    for (char c : method) {
        if ((c < 'A' || c > 'Z') && c != '_' && c != '-') return false;
    }
    return !method.empty();
}

Refusal duplicate_field(const RequestContext& r) {
    for (std::size_t i = 0; i < r.headers.size(); ++i) {
        const Header& h = r.headers[i];
        const bool host = strcasecmp(h.name.c_str(), "Host") == 0;
        if (!host && !unique(h.name)) continue;
        for (std::size_t j = 0; j < i; ++j) {
            const Header& before = r.headers[j];
            if (strcasecmp(before.name.c_str(), h.name.c_str()) != 0) continue;
            return {400, std::string(host ? "client sent duplicate host header" : "client sent duplicate header line") +
                             ": \"" + h.name + ": " + h.value + "\", previous value: \"" + before.name + ": " +
                             before.value + "\""};
        }
    }
    return {};
}

Refusal framing_or_method(const RequestContext& r) {
    const std::string* length = r.header("Content-Length");
    if (length && !valid_length(*length)) return {400, "client sent invalid \"Content-Length\" header"};
    if (const std::string* te = r.header("Transfer-Encoding")) {
        if (r.http_version == 10) return {400, "client sent HTTP/1.0 request with \"Transfer-Encoding\" header"};
        if (strcasecmp(te->c_str(), "chunked") != 0) {
            return {501, "client sent unknown \"Transfer-Encoding\": \"" + *te + "\""};
        }
        if (length) return {400, "client sent \"Content-Length\" and \"Transfer-Encoding\" headers at the same time"};
    }
    // as nginx: CONNECT and TRACE are never served
    if (r.method == "CONNECT") return {405, "client sent CONNECT method"};
    if (r.method == "TRACE") return {405, "client sent TRACE method"};
    return {};
}

bool keeps_alive(const RequestContext& r) {
    bool keep = r.http_version > 10;
    for (const Header& h : r.headers) {
        if (strcasecmp(h.name.c_str(), "Connection") != 0) continue;
        // as nginx's ngx_strcasestrn: the word anywhere in the value
        if (strcasestr(h.value.c_str(), "close")) {
            keep = false;
        } else if (strcasestr(h.value.c_str(), "keep-alive")) {
            keep = true;
        }
    }
    return keep;
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
