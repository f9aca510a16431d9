#pragma once
// nginx's not_modified filter: a 200 answer of a main request is checked against the request's
// If-Unmodified-Since and If-Match (412 when they fail), then If-Modified-Since and If-None-Match (304 when
// nothing changed). Proxied answers are not checked, as nginx does not without a cache.
#include <cstdint>
#include <optional>
#include <string_view>

#include "confparse/config.hpp"
#include "proxy/request_context.hpp"

namespace proxy {

enum class Precondition { Send, NotModified, Failed };

// `last_modified` is the answer's time (nothing when it has none), `etag` its ETag ("" when none).
Precondition check_preconditions(const RequestContext& r, std::optional<std::int64_t> last_modified,
                                 std::string_view etag, confparse::IfModifiedSince mode);

// Whether the If-Match / If-None-Match `list` names `etag` ("*" names any); `weak` compares without the
// W/ prefixes, as If-None-Match does.
bool etag_listed(std::string_view list, std::string_view etag, bool weak);

}  // namespace proxy
