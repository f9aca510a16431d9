#pragma once
// Whether a name is a numeric IPv4 or IPv6 address: such a name is never sent as SNI (RFC 6066).
#include <arpa/inet.h>

#include <string>

namespace tls {

inline bool is_ip_address(const std::string& name) {
    unsigned char buf[16];
    return inet_pton(AF_INET, name.c_str(), buf) == 1 || inet_pton(AF_INET6, name.c_str(), buf) == 1;
}

}  // namespace tls
