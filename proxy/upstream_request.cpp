#include "proxy/upstream_request.hpp"

#include <strings.h>

#include <algorithm>
#include <cctype>

#include <boost/container/small_vector.hpp>

#include "proxy/runtime.hpp"
#include "proxy/uri.hpp"

namespace proxy {
namespace {

bool same(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool any_of(std::string_view name, std::initializer_list<std::string_view> names) {
    return std::any_of(names.begin(), names.end(), [&](std::string_view n) { return same(n, name); });
}

}  // namespace

std::string upstream_uri(const RequestContext& r, const confparse::Location& location) {
    const confparse::ProxyPass& p = location.proxy_pass;
    if (!p.has_uri && !r.rewritten) return r.request_uri;
    // as nginx: a URI changed by rewrite is sent as it now is, escaped; after a break kept it in its old
    // location, proxy_pass's URI part no longer stands for the location's name
    bool replace = p.has_uri && r.valid_location;
    std::string_view rest = r.uri;
    bool prefix = location.match == confparse::Location::Match::Prefix ||
                  location.match == confparse::Location::Match::PrefixNoRegex ||
                  location.match == confparse::Location::Match::Exact ||
                  location.match == confparse::Location::Match::If ||  // an "if" has its location's name
                  location.match == confparse::Location::Match::LimitExcept;
    if (replace && prefix) rest.remove_prefix(std::min(rest.size(), location.pattern.size()));
    bool args = r.rewritten ? !r.args.empty() : r.has_args;
    // as nginx: the URI is escaped again only when the client's had %XX escapes or the URI is not the
    // client's; otherwise its bytes go as they came
    std::string_view sent_path = std::string_view(r.request_uri).substr(0, r.request_uri.find('?'));
    bool escape = r.rewritten || r.internal || sent_path.find('%') != std::string_view::npos;
    return (replace ? p.uri : std::string()) + (escape ? escape_uri(rest) : std::string(rest)) +
           (args ? "?" + r.args : "");
}

std::string upstream_request_head(const RequestContext& r, const confparse::Location& location,
                                  const Runtime& runtime, const BodyFraming& body, std::string_view uri) {
    const confparse::HttpScope& s = location.scope;
    // appended in place into one reserved string: no temporary per field
    auto field = [](std::string& out, std::string_view name, std::string_view value) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    };
    std::string out;
    out.reserve(512);
    out += s.proxy_method->empty() ? r.method : runtime.text(*s.proxy_method).render(r);
    out += ' ';
    out += uri;
    out += *s.proxy_http_version == 11 ? " HTTP/1.1\r\n" : " HTTP/1.0\r\n";

    // nginx's defaults, each replaced by a proxy_set_header of the same name; an empty value sends nothing.
    // Views into the request and into `rendered`, which is sized first so that they stay valid; both
    // small vectors, so that the usual few headers allocate nothing here.
    struct Field {
        std::string_view name;
        std::string_view value;
    };
    const auto& set_headers = *s.proxy_set_header;
    boost::container::small_vector<std::string, 4> rendered;
    rendered.reserve(set_headers.size());
    boost::container::small_vector<Field, 8> fields = {{"Host", r.proxy_host}, {"Connection", "close"}};
    for (const auto& h : set_headers) {
        std::string_view value = rendered.emplace_back(runtime.text(h.value).render(r));
        auto it = std::find_if(fields.begin(), fields.end(), [&](const Field& f) { return same(f.name, h.key); });
        if (it != fields.end()) {
            it->value = value;
        } else {
            fields.push_back({h.key, value});
        }
    }
    for (const auto& f : fields) {
        if (!f.value.empty()) field(out, f.name, f.value);
    }
    if (body.kind == BodyFraming::Kind::Length) field(out, "Content-Length", std::to_string(body.length));
    if (body.kind == BodyFraming::Kind::Chunked) out += "Transfer-Encoding: chunked\r\n";

    if (*s.proxy_pass_request_headers) {
        for (const auto& h : r.headers) {
            if (any_of(h.name, {"Host", "Connection", "Keep-Alive", "Expect", "Upgrade", "TE", "Content-Length",
                                "Transfer-Encoding"})) {
                continue;
            }
            bool overridden = std::any_of(fields.begin(), fields.end(), [&](const Field& f) { return same(f.name, h.name); });
            if (!overridden) field(out, h.name, h.value);
        }
    }
    out += "\r\n";
    return out;
}

bool passes_to_client(boost::beast::http::field id, std::string_view name, const confparse::HttpScope& scope) {
    using boost::beast::http::field;
    switch (id) {  // as nginx, Upgrade is passed: a 101's client needs it
        case field::connection:
        case field::keep_alive:
        case field::transfer_encoding:
        case field::content_length:
        case field::content_type:
        case field::te:
        case field::trailer:
        case field::proxy_connection:
            return false;
        default:
            break;
    }
    for (const auto& pass : *scope.proxy_pass_header) {
        if (same(pass, name)) return true;
    }
    if (id == field::date || id == field::server) return false;
    if (id == field::unknown && any_of(name, {"X-Pad", "X-Accel-Expires", "X-Accel-Redirect", "X-Accel-Limit-Rate",
                                              "X-Accel-Buffering", "X-Accel-Charset"})) {
        return false;
    }
    return !hidden_by_config(name, scope);
}

bool hidden_by_config(std::string_view name, const confparse::HttpScope& scope) {
    auto named = [&](const auto& names) {
        return std::any_of(names.begin(), names.end(), [&](const auto& n) { return same(n, name); });
    };
    return named(*scope.proxy_hide_header) && !named(*scope.proxy_pass_header);
}

}  // namespace proxy
