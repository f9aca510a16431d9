#pragma once
// Whether a response may be gzipped for this client, as nginx's ngx_http_gzip_ok: Accept-Encoding
// names gzip (not with q=0), the browser is not one gzip_disable names, the HTTP version is at least
// gzip_http_version, and a request that came through a proxy (Via) meets gzip_proxied.
#include <cstdint>
#include <string_view>

#include "confparse/config.hpp"
#include "proxy/request_context.hpp"

namespace proxy {

class Runtime;

// What gzip_proxied looks at in the response header.
struct ProxiedFacts {
    bool has_expires = false;
    std::string_view expires;
    bool has_date = false;
    std::string_view date;
    bool has_cache_control = false;
    bool no_cache = false, no_store = false, private_ = false;  // named in Cache-Control
    bool last_modified = false;
    bool etag = false;
};

// nginx's reading of Accept-Encoding: "gzip" as a token of its own, with no quality or one above 0.
bool accepts_gzip(std::string_view accept_encoding);

// Whether Cache-Control's value names `token` (a directive of the list, any case).
bool names_token(std::string_view value, std::string_view token);

// gzip_proxied's verdict (kGzipProxied* bits) for a request with a Via header; `now` in Unix seconds is
// the date when the response has none.
bool proxied_allows(unsigned mask, bool authorization, const ProxiedFacts& response, std::int64_t now);

// Compiles every gzip_disable regex of the configuration, as nginx does while reading it: throws
// confparse::ConfigError with nginx's message for one that does not compile (for -t; Runtime keeps them).
void check_gzip_disable(const confparse::Http& http);

bool gzip_ok(const RequestContext& r, const confparse::HttpScope& scope, const ProxiedFacts& response,
             const Runtime& runtime);

}  // namespace proxy
