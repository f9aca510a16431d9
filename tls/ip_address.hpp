#pragma once
// Whether a name is a numeric IPv4 or IPv6 address, the latter also in brackets as a URL writes it
// ("[::1]"): such a name is never sent as SNI (RFC 6066).
#include <arpa/inet.h>

#include <string>

namespace tls {

inline bool is_ip_address(const std::string& name) {
    unsigned char buf[16];
    if (name.size() > 2 && name.front() == '[' && name.back() == ']') {
        return inet_pton(AF_INET6, name.substr(1, name.size() - 2).c_str(), buf) == 1;
    }
    return inet_pton(AF_INET, name.c_str(), buf) == 1 || inet_pton(AF_INET6, name.c_str(), buf) == 1;
}

}  // namespace tls
