#pragma once
// What nginx's proxy module sends upstream and passes back: the request header it builds and the
// response headers it hides.
#include <optional>
#include <string>
#include <string_view>

#include <boost/beast/http/field.hpp>

#include "confparse/config.hpp"
#include "proxy/request_context.hpp"

namespace proxy {

class Runtime;

// How the request body goes upstream: not at all, with a length, or chunked.
struct BodyFraming {
    enum class Kind { None, Length, Chunked } kind = Kind::None;
    std::uint64_t length = 0;
};

// The URI sent upstream, by nginx's rules: the client's URI as sent when proxy_pass has no URI part,
// else the location's prefix replaced by proxy_pass's URI.
std::string upstream_uri(const RequestContext& r, const confparse::Location& location);

// The full request header: request line with proxy_http_version, proxy_set_header over nginx's defaults
// (Host $proxy_host, Connection close, ...), then the client's headers nginx passes.
// `uri`: upstream_uri(), or what a proxy_pass with variables names.
std::string upstream_request_head(const RequestContext& r, const confparse::Location& location,
                                  const Runtime& runtime, const BodyFraming& body, std::string_view uri);

// Whether proxy_hide_header names the field (and proxy_pass_header does not let it through).
bool hidden_by_config(std::string_view name, const confparse::HttpScope& scope);

// Whether a response header from upstream is passed to the client (hop-by-hop and nginx's hidden
// headers are not; Content-Length and Transfer-Encoding are re-framed by nproxy). `id` is Beast's name
// for the field (unknown for others), which spares most fields the comparisons of their names.
bool passes_to_client(boost::beast::http::field id, std::string_view name, const confparse::HttpScope& scope);

}  // namespace proxy
