#include "proxy/real_ip.hpp"

#include <arpa/inet.h>

#include "confparse/config.hpp"
#include "proxy/forwarded_address.hpp"

namespace proxy {
namespace {

// As nginx writes an address (ngx_sock_ntop): IPv6 in its shortest form.
std::string address_text(const std::string& address) {
    unsigned char bytes[16];
    char text[INET6_ADDRSTRLEN];
    if (address.find(':') == std::string::npos || inet_pton(AF_INET6, address.c_str(), bytes) != 1) return address;
    return inet_ntop(AF_INET6, bytes, text, sizeof text) ? std::string(text) : address;
}

}  // namespace

void apply_real_ip(const confparse::HttpScope& scope, RequestContext& r) {
    if (!r.real_ip.empty() || scope.real_ip_from->empty()) return;
    auto found = real_ip_address(r, *scope.real_ip_header, *scope.real_ip_from, *scope.real_ip_recursive);
    if (!found) return;
    r.real_ip = address_text(found->address);
    r.real_ip_port = found->port;
}

}  // namespace proxy
