#pragma once
// add_trailer's pieces, as nginx's chunked filter makes them: the header of an answer re-framed as chunked
// to carry trailers, and the last chunk that holds them.
#include <string>
#include <string_view>
#include <vector>

#include "proxy/request_context.hpp"

namespace proxy {

// `raw`, a whole header block as serialised, with its Content-Length and any Transfer-Encoding taken out
// and "Transfer-Encoding: chunked" where nginx writes it: before Connection, else last.
std::string chunked_header(std::string_view raw);

// The end of a chunked body with `trailers`: "0", each trailer line, the empty line.
std::string last_chunk(const std::vector<Header>& trailers);

}  // namespace proxy
