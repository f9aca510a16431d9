#pragma once
// A "geo" block of nginx's geo module, as read: $variable's value by the longest network (or, with
// "ranges", the IPv4 range) holding the client's address (or the source variable's value read as one;
// with "proxy", the address X-Forwarded-For gives when the connection comes from a trusted proxy).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "confparse/error.hpp"

namespace confparse {

struct GeoNetwork {
    bool inet6 = false;
    bool unix_socket = false;  // set_real_ip_from "unix:": a unix socket's clients, and no address
    unsigned char addr[16] = {};  // masked, in network order (IPv4 in the first 4 bytes)
    unsigned char mask[16] = {};
    std::string value;
};

// One IPv4 range within a /16 (nginx keeps ranges split at every 65536 addresses).
struct GeoRange {
    std::uint16_t start = 0, end = 0;  // the low 16 bits
    std::string value;
};

struct GeoBlock {
    std::string source;    // a variable's name without '$'; empty: the client's address
    std::string variable;  // the name it defines, without '$'
    // What each network maps to, later entries of one network replacing earlier ones and "delete"
    // removing them, as nginx's radix trees keep them; "default" is 0.0.0.0/0 and ::/0.
    std::vector<GeoNetwork> networks;
    bool ranges = false;
    // With "ranges": by the address's high 16 bits, the ranges in ascending order; and "default".
    std::map<std::uint16_t, std::vector<GeoRange>> range_buckets;
    std::optional<std::string> range_default;
    std::vector<GeoNetwork> proxies;  // "proxy": trusted addresses (values unused)
    bool proxy_recursive = false;
    SourceRef where;
};

}  // namespace confparse
