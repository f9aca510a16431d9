#include "proxy/response_head.hpp"

#include <ctime>

#include "proxy/http_status.hpp"
#include "proxy/runtime.hpp"

namespace proxy {
namespace {

// as nginx: add_header without "always" applies to these codes only
bool adds_headers(int status) {
    switch (status) {
        case 200: case 201: case 204: case 206: case 301: case 302: case 303: case 304: case 307: case 308:
            return true;
        default:
            return false;
    }
}

}  // namespace

std::string_view server_header(confparse::ServerTokens tokens) {
    if (tokens == confparse::ServerTokens::Off) return "nproxy";
    return "nproxy/" NPROXY_VERSION;
}

std::string http_date(std::int64_t unix_seconds) {
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return buf;
}

namespace {

// as nginx's cached time: the Date text is formatted once a second (per thread, so nothing is shared)
const std::string& date_now() {
    thread_local std::time_t second = -1;
    thread_local std::string text;
    std::time_t now = std::time(nullptr);
    if (now != second) {
        text = http_date(now);
        second = now;
    }
    return text;
}

}  // namespace

std::string serialize(const ResponseHead& head, const RequestContext& r, const confparse::HttpScope& scope,
                      const Runtime& runtime, bool keep_alive) {
    auto field = [](std::string& out, std::string_view name, std::string_view value) {
        out += "\r\n";
        out += name;
        out += ": ";
        out += value;
    };
    int code = wire_status(head.status);
    std::string out;
    out.reserve(256);    // a usual header fits: one allocation
    out += "HTTP/1.1 ";  // as nginx, whatever the request's version
    out += std::to_string(code);
    out += ' ';
    out += reason_phrase(code);
    field(out, "Server", server_header(*scope.server_tokens));
    field(out, "Date", date_now());
    if (!head.content_type.empty()) field(out, "Content-Type", head.content_type);
    if (head.content_length) field(out, "Content-Length", std::to_string(*head.content_length));
    if (!head.last_modified.empty()) field(out, "Last-Modified", head.last_modified);
    if (!head.location.empty()) field(out, "Location", head.location);
    if (head.chunked) out += "\r\nTransfer-Encoding: chunked";
    if (code == 101) {
        out += "\r\nConnection: upgrade";  // as nginx: the connection now carries the new protocol
    } else {
        out += keep_alive ? "\r\nConnection: keep-alive" : "\r\nConnection: close";
    }
    if (code != 101 && keep_alive && *scope.keepalive_header_timeout > 0) {
        field(out, "Keep-Alive", "timeout=" + std::to_string(*scope.keepalive_header_timeout / 1000));
    }
    for (const auto& h : head.headers) field(out, h.name, h.value);
    for (const auto& h : r.kept_headers) field(out, h.name, h.value);
    bool add = adds_headers(code);
    for (const auto& h : *scope.add_header) {
        if (!add && !h.always) continue;
        std::string value = runtime.text(h.value).render(r);
        if (!value.empty()) field(out, h.name, value);  // as nginx: an empty value adds nothing
    }
    out += "\r\n\r\n";
    return out;
}

}  // namespace proxy
