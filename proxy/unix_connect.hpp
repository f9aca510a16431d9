#pragma once
// A connection to an upstream's unix socket ("server unix:PATH", "proxy_pass http://unix:PATH:"), made as
// nginx makes it: a non-blocking connect() that a unix socket completes, or refuses, at once.
#include <string_view>

#include "confparse/config.hpp"
#include "proxy/net.hpp"

namespace proxy {

// Connects `socket` (closed) to the unix socket at `path`. The descriptor is held as a TCP socket's:
// reading, writing and closing do not depend on the family, and nproxy asks an upstream connection for
// no address. 0, or the errno of the failure.
int connect_unix_socket(Socket& socket, std::string_view path);

// The level nginx logs a failed connect() at: error for a refusal or an unreachable peer ("Linux
// returns EAGAIN for a unix socket whose listen queue is full"), crit for anything else.
confparse::LogLevel connect_failure_level(int error);

}  // namespace proxy
