#include "proxy/response_head.hpp"

#include <algorithm>

#include <boost/beast/core/string.hpp>
#include <ctime>
#include <utility>

#include "proxy/headers_filter.hpp"
#include "proxy/http_status.hpp"
#include "proxy/runtime.hpp"

namespace proxy {
namespace {

namespace beast = boost::beast;

// A kept Location (a redirect's, through its error_page) gives way to the answer's own, as nginx keeps
// one headers_out.location.
bool has_location(const ResponseHead& head) {
    return !head.location.empty() || std::any_of(head.headers.begin(), head.headers.end(), [](const auto& h) {
               return beast::iequals(h.name, "Location");
           });
}

}  // namespace

bool adds_headers(int status) {
    switch (status) {
        case 200: case 201: case 204: case 206: case 301: case 302: case 303: case 304: case 307: case 308:
            return true;
        default:
            return false;
    }
}

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

void serialize(std::string& out, const ResponseHead& head, const RequestContext& r,
               const confparse::HttpScope& scope, const Runtime& runtime, bool keep_alive) {
    auto field = [](std::string& out, std::string_view name, std::string_view value) {
        out += "\r\n";
        out += name;
        out += ": ";
        out += value;
    };
    int code = wire_status(head.status);
    out.reserve(256);    // a usual header fits: one allocation, if the buffer is new
    out += "HTTP/1.1 ";  // as nginx, whatever the request's version
    out += std::to_string(code);
    out += ' ';
    out += reason_phrase(code);
    bool add = adds_headers(code);
    // as nginx's headers filter: expires first, then add_header, on the codes they apply to; never on a
    // subrequest's answer (an auth request's 401 keeps only its own WWW-Authenticate)
    static const std::vector<confparse::AddHeader> kNone;
    const std::vector<confparse::AddHeader>& added = r.subrequest ? kNone : *scope.add_header;
    std::optional<ExpiresFields> expires;
    if (add && !r.subrequest && scope.expires->kind != confparse::Expires::Kind::Off) {
        const std::string& source = scope.expires->value;
        expires = expires_fields(*scope.expires, source.empty() ? "" : runtime.text(source).render(r),
                                 head.last_modified, std::time(nullptr));
    }
    const confparse::AddHeader* etag = deciding_entry(added, "ETag", add);
    const confparse::AddHeader* last_modified = deciding_entry(added, "Last-Modified", add);
    field(out, "Server", server_header(*scope.server_tokens));
    field(out, "Date", date_now());
    if (!head.content_type.empty()) field(out, "Content-Type", head.content_type);
    if (head.content_length) field(out, "Content-Length", std::to_string(*head.content_length));
    if (!head.last_modified.empty() && !last_modified && !head.last_modified_listed) {
        field(out, "Last-Modified", head.last_modified);
    }
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
    if (r.gzip_vary && *scope.gzip_vary) out += "\r\nVary: Accept-Encoding";  // gzip_static found a FILE.gz
    bool expires_written = false, cache_control_written = false;
    for (const auto& h : head.headers) {
        if (etag && beast::iequals(h.name, "ETag")) continue;
        if (last_modified && beast::iequals(h.name, "Last-Modified")) continue;
        if (expires && beast::iequals(h.name, "Expires")) {
            // as nginx: expires takes the place of the response's Expires, and of its first Cache-Control
            // (dropping the others)
            if (!std::exchange(expires_written, true)) field(out, h.name, expires->expires);
        } else if (expires && beast::iequals(h.name, "Cache-Control")) {
            if (!std::exchange(cache_control_written, true)) field(out, h.name, expires->cache_control);
        } else {
            field(out, h.name, h.value);
        }
    }
    for (const auto& h : r.kept_headers) {
        if (!beast::iequals(h.name, "Location") || !has_location(head)) field(out, h.name, h.value);
    }
    if (expires && !expires_written) field(out, "Expires", expires->expires);
    if (expires && !cache_control_written) field(out, "Cache-Control", expires->cache_control);
    for (const auto& h : added) {
        if (!add && !h.always) continue;
        bool single = beast::iequals(h.name, "ETag") || beast::iequals(h.name, "Last-Modified");
        if (single && &h != etag && &h != last_modified) continue;  // a later entry decides the field
        std::string value = runtime.text(h.value).render(r);
        if (!value.empty()) field(out, h.name, value);  // as nginx: an empty value adds nothing
    }
    for (const auto& h : head.range_headers) field(out, h.name, h.value);
    out += "\r\n\r\n";
}

}  // namespace

std::string& write_sent_head(RequestContext& r, const ResponseHead& head, const confparse::HttpScope& scope,
                             const Runtime& runtime, bool keep_alive) {
    // built apart from r, whose $sent_http_NAME the add_header values may name: nothing is sent yet
    std::string out = std::exchange(r.sent_head, std::string());
    out.clear();
    serialize(out, head, r, scope, runtime, keep_alive);
    r.sent_head = std::move(out);
    return r.sent_head;
}

}  // namespace proxy
