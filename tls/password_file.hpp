#pragma once
// ssl_password_file / proxy_ssl_password_file: the passphrases tried, in order, on an encrypted key.
#include <string>
#include <vector>

#include "confparse/error.hpp"

namespace tls {

// Reads one passphrase per line as nginx does (CR LF or LF, empty lines skipped; an empty file yields
// one empty passphrase). Failures throw confparse::ConfigError located at the directive (`where`).
std::vector<std::string> read_password_file(const std::string& path, const confparse::SourceRef& where);

}  // namespace tls
