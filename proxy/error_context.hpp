#pragma once
#include <string>

#include "proxy/request_context.hpp"

namespace proxy {

// nginx's suffix on request errors: ", client: A, server: S, request: "R", upstream: "U", host: "H"".
std::string error_context(const RequestContext& r, const std::string& upstream = {});

// The same while nginx reads the request line, before it knows the header: without the host.
std::string request_line_context(const RequestContext& r);

}  // namespace proxy
