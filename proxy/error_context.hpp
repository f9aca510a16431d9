#pragma once
#include <string>

#include "proxy/request_context.hpp"

namespace proxy {

// nginx's suffix on request errors: ", client: A, server: S, request: "R", upstream: "U", host: "H"".
std::string error_context(const RequestContext& r, const std::string& upstream = {});

}  // namespace proxy
