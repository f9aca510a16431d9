#pragma once
// Password file entries as nginx's ngx_crypt checks them (auth_basic_user_file): "$apr1$" (Apache's MD5
// crypt), "{PLAIN}", "{SHA}", "{SSHA}", and anything else through the C library's crypt() ("$1$", "$5$",
// "$6$", "$y$", DES).
#include <string_view>

namespace tls {

// Whether `password` hashes to `entry` (the password field of a line), compared in constant time.
bool password_matches(std::string_view password, std::string_view entry);

}  // namespace tls
