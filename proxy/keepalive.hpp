#pragma once
// Whether a request's connection may serve another one after it, as nginx decides when it picks the
// location: keepalive_timeout 0, keepalive_requests reached, keepalive_time passed, or a browser that
// keepalive_disable names (MSIE 4 to 6 posting, Safari on macOS).
#include <chrono>

#include "confparse/config.hpp"
#include "proxy/request_context.hpp"

namespace proxy {

bool keepalive_allowed(const RequestContext& r, const confparse::HttpScope& scope,
                       std::chrono::steady_clock::time_point now);

}  // namespace proxy
