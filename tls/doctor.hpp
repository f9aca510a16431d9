#pragma once
// Beyond nginx: what `nproxy -t` says about TLS past "the files load" — settings that leave an upstream
// unauthenticated or make handshakes fail, and certificates that will not verify, have expired or will
// soon, or do not cover their names. Findings are warnings: they never fail the test unless -t --strict.
#include <ctime>
#include <string>
#include <vector>

#include "confparse/config.hpp"

namespace tls {

struct Finding {
    std::string message;
    confparse::SourceRef where;
};

// Every finding for `config` (which has passed tls::check_config), in configuration order, as of `now`.
std::vector<Finding> diagnose(const confparse::Config& config, std::time_t now);

}  // namespace tls
