#pragma once
// The user name of an "Authorization: Basic" header ($remote_user), as ngx_http_auth_basic_user reads it
// whether or not the location asks for authentication.
#include <optional>
#include <string>
#include <string_view>

namespace proxy {

struct Credentials {
    std::string user, password;
};

// Nothing unless the header is "Basic " and base64 of "user:password" with a non-empty user.
std::optional<Credentials> basic_credentials(std::string_view authorization);

inline std::optional<std::string> basic_auth_user(std::string_view authorization) {
    auto credentials = basic_credentials(authorization);
    return credentials ? std::optional<std::string>(std::move(credentials->user)) : std::nullopt;
}

}  // namespace proxy
