#pragma once
// nginx's grammar of a request line (ngx_http_parse_request_line) where it differs from Beast's parser:
// nginx takes spaces repeated between the parts and after the version, and any version from HTTP/1.0 to
// HTTP/1.999 (read as 1.1 from 1.1 up); it refuses a line at its first byte out of its grammar, where
// Beast's parser may wait for more. The header's pre-pass (request_header_prepass.hpp) gives the parser a
// line nginx takes in the one form the parser reads, and refuses one nginx refuses as nginx does;
// $request and $server_protocol still show the line as it came.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "proxy/header_as_sent.hpp"
#include "proxy/net.hpp"

namespace proxy {

// What nginx makes of a request line, or of as much of it as has come.
enum class RequestLineVerdict {
    Http1,           // a request line of HTTP/1.x
    Http09,          // no version: an HTTP/0.9 request (which nproxy refuses as an invalid request)
    InvalidMethod,   // a byte other than A-Z, '_' or '-' before the first space: 400, "invalid method"
    InvalidRequest,  // 400, "client sent invalid request"
    InvalidVersion,  // a major version above 1: 505, "client sent invalid version"
    Partial,         // the line has not come whole, and nginx has found no fault in it yet
};

struct ParsedRequestLine {
    RequestLineVerdict verdict = RequestLineVerdict::InvalidRequest;
    std::string_view method, target;
    std::string_view protocol;  // from "HTTP/" to the line's end, spaces after the version kept
    int minor = 0;              // of HTTP/1.x
};

// `line` is the request line up to and with its CRLF, or as much of it as has come.
ParsedRequestLine parse_request_line(std::string_view line);

// Whether the parser reads the line as it is, or the line so far may still become one it does: one space
// after the method and one after the target, then HTTP/1.0 or HTTP/1.1. Nearly every line is; for them the
// parser (and admission) judge the line, and this is all the pre-pass costs.
bool parser_reads(std::string_view line);

// The fault nginx finds in a line (or its start), from what parse_request_line made of it, as the parser's
// error for it: http::error::bad_method, bad_target (an invalid request, HTTP/0.9 among them) or
// bad_version; none when there is none (yet).
error_code request_line_fault(RequestLineVerdict verdict);

// The line (CRLF included) as the parser reads it, for a whole line the parser would not read as it is
// (parser_reads) that nginx takes as HTTP/1.x (`parsed`, what parse_request_line made of it), with the line
// as it came kept in `sent`; nothing when nginx does not take it.
std::optional<std::string> request_line_for_parser(const ParsedRequestLine& parsed, std::string_view line,
                                                   SentRequestLine& sent);

}  // namespace proxy
