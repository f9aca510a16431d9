#pragma once
// ssl_password_file / proxy_ssl_password_file: the passphrases tried, in order, on an encrypted key. As
// nginx, the file is read once, when the directive is parsed (it may be a FIFO fed once), and the levels
// below share what was read.
#include <string>
#include <vector>

#include "confparse/error.hpp"
#include "confparse/setters.hpp"

namespace confparse {

// Reads one passphrase per line as nginx does (CR LF or LF, empty lines skipped; an empty file yields
// one empty passphrase). Failures throw ConfigError located at the directive (`where`).
std::vector<std::string> read_password_file(const std::string& path, const SourceRef& where);

// The row for ssl_password_file / proxy_ssl_password_file.
Row password_file(std::string_view name, unsigned contexts, Setting<PasswordFile> HttpScope::*member);

}  // namespace confparse
