#pragma once
// The response header as the gzip filter sends it. Compressed: as nginx's gzip header filter, no
// Content-Length or Accept-Ranges, the ETag made weak, "Content-Encoding: gzip" added last, the body
// chunked or until close. With gzip_vary, "Vary: Accept-Encoding" just after Connection (where nginx's
// header filter writes it), also on an answer that could have been compressed but is not.
#include <string>
#include <string_view>

#include "proxy/ssi_header.hpp"

namespace proxy {

// `raw` is a whole header block as serialised, up to and including its empty line.
std::string gzip_header(std::string_view raw, ssi::Framing framing, bool vary);

// `raw` with only the Vary line added.
std::string vary_header(std::string_view raw);

}  // namespace proxy
