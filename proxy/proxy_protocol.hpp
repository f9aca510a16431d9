#pragma once
// The PROXY protocol header (version 1 text, version 2 binary) that a load balancer sends ahead of a
// connection's own bytes, on a listen with "proxy_protocol", read as nginx 1.22's ngx_proxy_protocol_read.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace proxy {

// What a header names: $proxy_protocol_addr, _port, _server_addr, _server_port. Version 1's addresses are
// kept as written (nginx checks only their characters), version 2's as text.
struct ProxyProtocolAddresses {
    std::string src_addr, dst_addr;
    int src_port = 0, dst_port = 0;
};

struct ProxyProtocolHeader {
    std::size_t size = 0;  // the header's length; 0 when it is not one
    // none for "UNKNOWN", a LOCAL command, and families and transports other than TCP over IPv4 or IPv6
    std::optional<ProxyProtocolAddresses> addresses;
    std::string error;  // nginx's error log message when it is not one (some cases log none)
};

// Reads the header at the start of `data`, what the connection's first read brought: as nginx, a header
// that is not whole there is not one.
ProxyProtocolHeader read_proxy_protocol(std::string_view data);

}  // namespace proxy
