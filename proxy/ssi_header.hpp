#pragma once
// The response header the SSI filter sends in place of the one a handler wrote: as nginx's SSI header
// filter, no Content-Length or Accept-Ranges (the length changes), no Last-Modified or ETag unless
// ssi_last_modified (then the ETag made weak); the body goes chunked, or until close for an HTTP/1.0 client.
#include <string>
#include <string_view>

namespace proxy::ssi {

// How the changed body goes: chunked, until the connection closes, or not at all (HEAD).
enum class Framing { Chunked, UntilClose, None };

// `raw` is a whole header block as serialised, up to and including its empty line; a framing it has
// (Transfer-Encoding) is replaced. The sub filter keeps an upstream's Accept-Ranges (`keep_accept_ranges`).
std::string rewrite_header(std::string_view raw, Framing framing, bool last_modified, bool keep_accept_ranges = false);

// The media type of a Content-Type value: before any ';', without spaces, in lower case.
std::string media_type(std::string_view content_type);

}  // namespace proxy::ssi
