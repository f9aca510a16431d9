#pragma once
// Serialises a response header in nginx's order: status line, Server, Date, Content-Type,
// Content-Length, Last-Modified, Location, Transfer-Encoding, Connection, then the others.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "confparse/config.hpp"
#include "proxy/request_context.hpp"

namespace proxy {

class Runtime;

struct ResponseHead {
    int status = 200;
    std::string content_type;  // empty: none
    // an upstream's Content-Type: its charset= parameter is the answer's charset, as nginx's upstream reads it
    bool upstream_type = false;
    std::string accel_charset;  // an upstream's X-Accel-Charset: the charset the charset filter is to give
    const confparse::CharsetTable* recode = nullptr;  // set by the charset filter: what each body byte becomes
    std::optional<std::uint64_t> content_length;
    bool chunked = false;
    std::string last_modified;
    bool last_modified_listed = false;  // an upstream's: among `headers`, where it came, as nginx sends it
    std::string location;  // made absolute from a relative one: sent before Connection (else among `headers`)
    std::vector<Header> headers;  // from the upstream, already filtered
    // the range filter's Accept-Ranges or Content-Range: as nginx's range filter runs after its headers
    // filter, they follow expires' and add_header's fields
    std::vector<Header> range_headers;
};

// nginx's safe statuses: those add_header, add_trailer and expires apply to without "always".
bool adds_headers(int status);

// The "Server:" value for server_tokens.
std::string_view server_header(confparse::ServerTokens tokens);

// Writes the header block, add_header entries of `scope` included (only for the codes nginx adds them to,
// unless "always"), into r.sent_head, which it returns: in the buffer that holds, which a request reuses
// from an earlier one. `keep_alive` says what the Connection header announces.
std::string& write_sent_head(RequestContext& r, const ResponseHead& head, const confparse::HttpScope& scope,
                             const Runtime& runtime, bool keep_alive);

// "Thu, 26 Nov 2026 23:45:00 GMT"
std::string http_date(std::int64_t unix_seconds);

}  // namespace proxy
