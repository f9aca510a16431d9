#pragma once
// A "geo" block of nginx's geo module (networks in CIDR form), as read: $variable's value by the
// longest network holding the client's address (or the source variable's value read as one).
#include <string>
#include <vector>

#include "confparse/error.hpp"

namespace confparse {

struct GeoNetwork {
    bool inet6 = false;
    unsigned char addr[16] = {};  // masked, in network order (IPv4 in the first 4 bytes)
    unsigned char mask[16] = {};
    std::string value;
};

struct GeoBlock {
    std::string source;    // a variable's name without '$'; empty: the client's address
    std::string variable;  // the name it defines, without '$'
    // What each network maps to, later entries of one network replacing earlier ones and "delete"
    // removing them, as nginx's radix trees keep them; "default" is 0.0.0.0/0 and ::/0.
    std::vector<GeoNetwork> networks;
    SourceRef where;
};

}  // namespace confparse
