#pragma once
// What the header's pre-pass (request_header_prepass.hpp) keeps of a client's request header as it came,
// where the parser was given it otherwise or reads it otherwise than nginx: for the variables and checks
// that must see what nginx sees.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace proxy {

// The request line as it came, when the parser was given it rewritten (request_line.hpp).
struct SentRequestLine {
    std::string text;  // as $request: the line without its CRLF
    std::size_t protocol_at = 0;

    std::string_view protocol() const { return std::string_view(text).substr(protocol_at); }
};

struct HeaderAsSent {
    SentRequestLine request_line;  // empty when the parser read it as it came
    // as nginx, with ignore_invalid_headers: the lines left out, as "Name: value", for its info line
    std::vector<std::string> ignored_lines;
    // nginx's value of a field with a tab at either end, which the parser trims off (nginx trims spaces
    // only), by the field's place among those the parser read
    std::vector<std::pair<std::size_t, std::string>> tabbed_values;
};

}  // namespace proxy
