#pragma once
// What `-t` adds once the configuration is typed: every TLS context nginx would build is built, so
// missing or bad certificates, keys, CA files, CRLs, ciphers and curves fail the test as in nginx.
#include "confparse/config.hpp"

namespace tls {

// Throws confparse::ConfigError with nginx 1.22's message for the first problem, in nginx's order:
// each server's context, then each https proxy_pass location's (password files are read while parsing).
// Returns the warnings nginx writes while it builds them.
std::vector<confparse::ConfigError> check_config(const confparse::Config& config);

}  // namespace tls
