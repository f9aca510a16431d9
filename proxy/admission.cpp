#include "proxy/admission.hpp"

#include <iterator>

#include "proxy/error_context.hpp"
#include "proxy/header_limits.hpp"
#include "proxy/http_status.hpp"
#include "proxy/real_ip.hpp"
#include "proxy/request_checks.hpp"
#include "proxy/router.hpp"
#include "proxy/runtime.hpp"
#include "proxy/uri.hpp"

namespace proxy {
namespace {

// As Debian's nginx 1.22.1: a request of more header lines is refused (400).
constexpr std::size_t kMaxHeaderLines = 1000;

// Takes the request line and headers from the parser (with nginx's values where they differ), into the
// buffers a kept request brought; returns the lines the header's pre-pass left out (ignore_invalid_headers),
// as "Name: value", for nginx's info line.
std::vector<std::string> fill_request(RequestContext& r, const RequestParser& parser) {
    const auto& req = parser.get();
    r.method.assign(req.method_string());
    r.request_uri.assign(req.target());
    r.http_version = req.version() == 10 ? 10 : 11;
    if (!r.as_sent.request_line.text.empty()) {
        r.request_line.assign(r.as_sent.request_line.text);
    } else {
        r.request_line.append(r.method).append(1, ' ').append(r.request_uri);
        r.request_line.append(r.http_version == 10 ? " HTTP/1.0" : " HTTP/1.1");
    }
    for (const auto& field : req) r.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    for (auto& [index, value] : r.as_sent.tabbed_values) {
        if (index < r.headers.size()) r.headers[index].value = std::move(value);
    }
    return std::move(r.as_sent.ignored_lines);
}

// nginx's info line about what a client sent
void log_info(const Runtime& runtime, const RequestContext& r, const std::string& message) {
    runtime.main_error_log().write(confparse::LogLevel::Info, r.connection->id, message);
}

}  // namespace

Admission admit_request(RequestContext& r, const RequestParser& parser, const Endpoint& endpoint,
                        const Runtime& runtime, const HeaderSizeCheck& size) {
    const ConnectionContext& conn = *r.connection;
    for (const std::string& line : fill_request(r, parser)) {
        log_info(runtime, r,
                 "client sent invalid header line: \"" + line + "\" while reading client request headers" +
                     error_context(r));
    }

    bool bad_target_host = false;
    auto target = parse_target(r.request_uri, *r.server->scope.merge_slashes, &bad_target_host);
    Admission a;
    // as nginx: a fault of the request line is found before the header is read, in the default server
    if (!valid_method(r.method) || !target) {
        const char* fault = !valid_method(r.method) ? "client sent invalid method"
                            : bad_target_host       ? "client sent invalid host in request line"
                                                    : "client sent invalid request";
        log_info(runtime, r, std::string(fault) + " while reading client request line" + request_line_context(r));
        r.request_length = 0;  // as nginx, which counts a request from the end of its line
        r.host = r.server->names.empty() ? "" : r.server->names.front().name;
        a.refused = 400;
        return a;
    }
    if (target->origin_start) {
        // as nginx: an absolute target's $request_uri (sent upstream as it is) starts after its host
        r.request_uri.erase(0, target->origin_start);
        if (r.request_uri.empty()) r.request_uri = "/";
    }
    const std::string* host_header = r.header("Host");
    const bool host_from_target = !target->host.empty();
    r.host = normalize_host(host_from_target ? std::string_view(target->host)
                            : host_header    ? std::string_view(*host_header)
                                             : std::string_view());
    const confparse::Server* server = runtime.router().find_server_by_name(endpoint, r.host);
    r.server = server;
    // an absolute target's host takes the place of Host, which must still be valid
    bool bad_host_header = host_header && (host_from_target ? normalize_host(*host_header).empty() : r.host.empty());
    bool misdirected = is_misdirected(conn.sni_named, r.host, *server);
    if (r.host.empty()) r.host = server->names.empty() ? "" : server->names.front().name;
    r.uri = target->path;
    r.args = target->args;
    r.has_args = target->has_args;
    apply_real_ip(server->scope, r);                   // as nginx's post-read phase
    a.rewritten = runtime.rewriter().run(runtime, r);  // chooses r.location
    const confparse::HttpScope& scope = r.location ? r.location->scope : server->scope;
    const confparse::VerifyClient verify = *server->scope.ssl_verify_client;

    // as nginx: the header's faults as it reads it, then those of the whole
    const auto& fields = parser.get();
    if (static_cast<std::size_t>(std::distance(fields.begin(), fields.end())) > kMaxHeaderLines) {
        log_info(runtime, r, "client sent too many header lines while reading client request headers" + error_context(r));
        a.refused = 400;
        a.body_unreadable = true;
        a.close = true;
    } else if (Refusal refusal = duplicate_field(r); refusal.status) {
        log_info(runtime, r, refusal.message + " while reading client request headers" + error_context(r));
        a.refused = refusal.status;
        a.body_unreadable = true;  // its framing may be what is wrong: answered and closed without reading on
        a.close = true;            // as nginx: refused before it decides on keep-alive
    } else if (char fold = size.folded()) {
        // as nginx: a header line may not start with whitespace (an obsolete folding)
        log_info(runtime, r, std::string("client sent invalid header line: \"") + (fold == ' ' ? "\\x20" : "\\x09") +
                                 "...\" while reading client request headers" + error_context(r));
        a.refused = 400;
        a.body_unreadable = true;
    } else if ((r.http_version == 11 && !host_header) || bad_host_header) {
        log_info(runtime, r,
                 std::string(bad_host_header ? "client sent invalid host header"
                                             : "client sent HTTP/1.1 request without \"Host\" header") +
                     " while reading client request headers" + error_context(r));
        a.refused = 400;
    } else if (Refusal refusal = framing_or_method(r); refusal.status) {
        log_info(runtime, r, refusal.message + " while reading client request headers" + error_context(r));
        a.refused = refusal.status;
        a.body_unreadable = true;
        a.close = true;
    } else if (misdirected) {
        log_info(runtime, r,
                 "client attempted to request the server name different from the one that was negotiated" +
                     error_context(r));
        a.refused = 421;
    } else if (endpoint.ssl && !conn.https) {
        // as nginx: plain HTTP on an ssl port is read, then answered with 497 (sent as 400)
        log_info(runtime, r, "client sent plain HTTP request to HTTPS port" + error_context(r));
        a.refused = kHttpToHttps;
    } else if (parser.content_length() && *scope.client_max_body_size != 0 &&
               *parser.content_length() > static_cast<std::uint64_t>(*scope.client_max_body_size)) {
        runtime.error_log(scope).write(confparse::LogLevel::Error, conn.id,
                                       "client intended to send too large body: " +
                                           std::to_string(*parser.content_length()) + " bytes" + error_context(r));
        a.refused = 413;
        a.body_unreadable = true;  // as nginx: answered at once, the body is dropped while lingering
    } else if (conn.tls().active && verify == confparse::VerifyClient::On && conn.tls().client_verify == "NONE") {
        a.refused = kNoCert;
    } else if (conn.tls().active && conn.tls().client_verify.rfind("FAILED", 0) == 0 &&
               (verify == confparse::VerifyClient::On || verify == confparse::VerifyClient::Optional)) {
        a.refused = kCertError;
    }
    return a;
}

}  // namespace proxy
