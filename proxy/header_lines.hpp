#pragma once
// Walking a serialised header block line by line, for the filters that rewrite one (SSI, gzip, trailers).
#include <strings.h>

#include <string_view>

namespace proxy {

// Whether a header line is field `name`'s (the name compared without case).
inline bool names_field(std::string_view line, std::string_view name) {
    return line.size() > name.size() && line[name.size()] == ':' &&
           strncasecmp(line.data(), name.data(), name.size()) == 0;
}

// Calls `each` with every line of `raw` (a whole header block, status line first), without its CRLF, up to
// the empty line that ends it.
template <class Each>
void each_header_line(std::string_view raw, Each each) {
    std::size_t at = 0;
    while (at < raw.size()) {
        std::size_t end = raw.find("\r\n", at);
        if (end == std::string_view::npos) end = raw.size();
        std::string_view line = raw.substr(at, end - at);
        at = end + 2;
        if (line.empty()) return;
        each(line);
    }
}

}  // namespace proxy
