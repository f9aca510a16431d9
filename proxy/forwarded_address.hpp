#pragma once
// The client address behind trusted proxies, as nginx's ngx_http_get_forwarded_addr reads X-Forwarded-For
// (for geo's "proxy" / "proxy_recursive").
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

}  // namespace proxy
