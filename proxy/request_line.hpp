#pragma once
// nginx's grammar of a request line (ngx_http_parse_request_line) where it is wider than Beast's parser:
// spaces repeated between the parts and after the version, and any version from HTTP/1.0 to HTTP/1.999
// (read as 1.1 from 1.1 up, as nginx does). A line nginx takes is given to the parser rewritten into the
// one form it reads; $request and $server_protocol still show the line as it came.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace proxy {

// What nginx makes of a whole request line.
enum class RequestLineVerdict {
    Http1,           // a request line of HTTP/1.x
    Http09,          // no version: an HTTP/0.9 request (which nproxy leaves to the parser to refuse)
    InvalidRequest,  // nginx answers 400, "client sent invalid request"
    InvalidVersion,  // a major version above 1: 505, "client sent invalid version"
    Partial,         // the line has not come whole, and nginx has found no fault in it yet
};

struct ParsedRequestLine {
    RequestLineVerdict verdict = RequestLineVerdict::InvalidRequest;
    std::string_view method, target;
    std::string_view protocol;  // from "HTTP/" to the line's end, spaces after the version kept
    int minor = 0;              // of HTTP/1.x
};

// `line` is the request line up to and with its CRLF, or as much of it as has come. The method is not judged here: a method nginx refuses
// is refused after the parser has read it (admission), with nginx's "invalid method".
ParsedRequestLine parse_request_line(std::string_view line);

// Whether the parser may see the start of a request line that has not come whole: the parser reads a line
// as it is only in one form and refuses another at its first byte out of it, where nginx may still take it
// once whole (and be given it rewritten). A fault nginx finds lets the parser see it, to refuse.
bool parser_may_see(std::string_view start);

// The request line as it came, kept when the parser was given another (see request_line_for_parser).
struct SentRequestLine {
    std::string text;  // as $request: the line without its CRLF
    std::size_t protocol_at = 0;

    std::string_view protocol() const { return std::string_view(text).substr(protocol_at); }
};

// The line (CRLF included) as Beast's parser reads it, for a line nginx takes as HTTP/1.x that the parser
// would refuse, with the line as it came kept in `sent`; nothing for any other line.
std::optional<std::string> request_line_for_parser(std::string_view line, SentRequestLine& sent);

}  // namespace proxy
