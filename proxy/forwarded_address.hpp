#pragma once
// The client address behind trusted proxies, as nginx's ngx_http_get_forwarded_addr reads X-Forwarded-For
// or another header (for geo's "proxy" / "proxy_recursive", and realip).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "confparse/geo_config.hpp"
#include "proxy/request_context.hpp"

namespace proxy {

// An address as bytes: IPv4 in the first 4 (an IPv4-mapped IPv6 address becomes its IPv4 one).
struct BinaryAddress {
    bool inet6 = false;
    unsigned char bytes[16] = {};
};

// Reads an address in text form; nothing when it is not one.
std::optional<BinaryAddress> read_address(std::string_view text);

// Whether `address` lies in `network`.
bool network_holds(const confparse::GeoNetwork& network, const BinaryAddress& address);

// The address to use for a client at `address`: when it is one of `proxies`, the last one that
// X-Forwarded-For names (and with `recursive`, walking back past trusted ones), else `address`.
std::string forwarded_address(std::string address, const std::vector<Header>& headers,
                              const std::vector<confparse::GeoNetwork>& proxies, bool recursive);

// An address a header gave, with the port written after it (0 when none).
struct Forwarded {
    std::string address;
    int port = 0;
};

// realip's reading: for a request whose connection comes from one of `proxies`, the address `header` names
// (every X-Forwarded-For line from the last, as above; for "proxy_protocol", the client the PROXY protocol
// header named; of any other header, the first line); nothing when the connection is not trusted or the
// header names no address.
std::optional<Forwarded> real_ip_address(const RequestContext& r, std::string_view header,
                                         const std::vector<confparse::GeoNetwork>& proxies, bool recursive);

}  // namespace proxy
