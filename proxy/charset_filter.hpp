#pragma once
// nginx's charset filter (ngx_http_charset_filter_module): which answers get "; charset=NAME" after their
// Content-Type, which are recoded (between single-byte charsets: byte for byte, so the length stays), and
// when nginx logs that it cannot.
#include <string>

#include "confparse/config.hpp"
#include "proxy/request_context.hpp"
#include "proxy/response_head.hpp"

namespace proxy {

struct CharsetOutcome {
    bool failed = false;  // a variable that names the charset is not found: as nginx, the request ends unanswered
    std::string error;    // what nginx's error log says, else empty
    std::string charset;  // a main request's answer's charset now (nginx's headers_out.charset), else empty
};

// Whether the filter has anything to do for `head` at this level: the one check made per request when no
// charset is configured.
inline bool charset_applies(const ResponseHead& head, const confparse::HttpScope& scope) {
    return scope.charset->kind != confparse::CharsetName::Kind::Off || !head.accel_charset.empty();
}

// Gives head.content_type the charset nginx's filter gives a main request's answer, and head.recode the table
// its body goes through when nginx's would recode it. Where that would be to or from UTF-8, the header is
// left as it is, with an error: nproxy recodes single-byte charsets only. A subrequest's answer (an SSI
// include) keeps its header and is recoded into its main request's charset, r.main_charset.
CharsetOutcome apply_charset(ResponseHead& head, const confparse::HttpScope& scope, const confparse::Http& http,
                             const RequestContext& r, bool subrequest = false);

// Recodes a piece of an answer's body in place.
inline void recode(const confparse::CharsetTable& table, char* data, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) {
        data[i] = static_cast<char>(table[static_cast<unsigned char>(data[i])]);
    }
}

}  // namespace proxy
