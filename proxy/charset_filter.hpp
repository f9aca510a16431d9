#pragma once
// nginx's charset filter (ngx_http_charset_filter_module) on an answer's header, without recoding: which
// answers get "; charset=NAME" after their Content-Type, and when nginx logs that it cannot.
#include <string>

#include "confparse/config.hpp"
#include "proxy/request_context.hpp"
#include "proxy/response_head.hpp"

namespace proxy {

struct CharsetOutcome {
    bool failed = false;  // a variable that names the charset is not found: as nginx, the request ends unanswered
    std::string error;    // what nginx's error log says, else empty
};

// Whether the filter has anything to do for `head` at this level: the one check made per request when no
// charset is configured.
inline bool charset_applies(const ResponseHead& head, const confparse::HttpScope& scope) {
    return scope.charset->kind != confparse::CharsetName::Kind::Off || !head.accel_charset.empty();
}

// Gives head.content_type the charset nginx's filter gives a main request's answer. Where nginx would recode
// (a charset_map between the answer's charset and the one to give), the header is left as it is, with an
// error: nproxy does not recode.
CharsetOutcome apply_charset(ResponseHead& head, const confparse::HttpScope& scope, const confparse::Http& http,
                             const RequestContext& r);

}  // namespace proxy
