#pragma once
// nginx's expires directive (ngx_http_headers_filter_module): what it says, and how a value is read.
#include <cstdint>
#include <string>
#include <string_view>

namespace confparse {

struct Expires {
    enum class Kind { Off, Epoch, Max, Access, Modified, Daily };
    Kind kind = Kind::Off;
    std::int64_t seconds = 0;  // after the access or the modification (negative: before); Daily: time of day
    std::string value;         // when it holds variables: read per request, with kind Access or Modified
};

// ngx_http_parse_expires: reads "epoch", "max", "off" (not after "modified"), "@time" (not after
// "modified"), or a time with an optional sign into `e`, whose kind is Access or Modified on entry.
// Returns nginx's error text, or null.
const char* parse_expires(std::string_view value, Expires& e);

}  // namespace confparse
