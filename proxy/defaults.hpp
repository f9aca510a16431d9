#pragma once

namespace proxy {

// Where nproxy looks when -p, -c and -e are not given (nginx's compiled-in prefix, conf and log paths).
#ifndef NPROXY_PREFIX
#define NPROXY_PREFIX "/usr/local/nproxy/"
#endif
inline constexpr const char* kDefaultPrefix = NPROXY_PREFIX;
inline constexpr const char* kDefaultConfFile = "conf/nginx.conf";
inline constexpr const char* kDefaultErrorLog = "logs/error.log";

}  // namespace proxy
