#pragma once
#include "proxy/request_context.hpp"

namespace proxy {

// nginx's checks of a request header past what the HTTP parser enforces, against request smuggling: a
// repeated Host or Content-Length, Transfer-Encoding in HTTP/1.0 (400), a Transfer-Encoding other than
// "chunked" (501); and the TRACE method (405). Returns the status to answer with, or 0 when the header is
// acceptable.
int request_header_status(const RequestContext& r);

}  // namespace proxy
