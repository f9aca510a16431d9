#pragma once
// $sent_http_NAME: a field of the response header that went to the client.
#include <optional>
#include <string>
#include <string_view>

namespace proxy {

// The value of field `name` (its dashes written as underscores, any case) in `head`, a response header as
// sent (status line, fields, an empty line, maybe body bytes after it). As nginx 1.22: Cache-Control and
// Link, which it keeps as lists, give all their values joined by ", "; any other field gives its first.
std::optional<std::string> sent_field(std::string_view head, std::string_view name);

}  // namespace proxy
