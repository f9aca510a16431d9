#pragma once
// The user name of an "Authorization: Basic" header ($remote_user), as ngx_http_auth_basic_user reads it
// whether or not the location asks for authentication.
#include <optional>
#include <string>
#include <string_view>

namespace proxy {

// Nothing unless the header is "Basic " and base64 of "user:password" with a non-empty user.
std::optional<std::string> basic_auth_user(std::string_view authorization);

}  // namespace proxy
