#include "confparse/access_rule.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <string>

namespace confparse {
namespace {

// as nginx's ngx_inet_addr: exactly four dotted decimal parts, each up to 255 (an empty one reads as 0);
// 255.255.255.255 is INADDR_NONE there, so it is refused as nginx refuses it
bool read_inet(std::string_view text, AccessRule& rule) {
    std::uint32_t addr = 0, octet = 0, dots = 0;
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            octet = octet * 10 + static_cast<std::uint32_t>(c - '0');
            if (octet > 255) return false;
        } else if (c == '.') {
            addr = (addr << 8) + octet;
            octet = 0;
            ++dots;
        } else {
            return false;
        }
    }
    if (dots != 3) return false;
    addr = (addr << 8) + octet;
    if (addr == 0xffffffffu) return false;
    for (int i = 0; i < 4; ++i)
        rule.addr[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(addr >> (24 - 8 * i));
    rule.family = AccessRule::Family::Inet;
    return true;
}

bool read_inet6(std::string_view text, AccessRule& rule) {
    std::string copy(text);
    if (inet_pton(AF_INET6, copy.c_str(), rule.addr.data()) != 1) return false;
    rule.family = AccessRule::Family::Inet6;
    return true;
}

// as nginx's ngx_atoi: decimal digits only, at least one
std::optional<unsigned> read_bits(std::string_view text) {
    if (text.empty()) return std::nullopt;
    unsigned n = 0;
    for (char c : text) {
        if (c < '0' || c > '9' || n > 1000) return std::nullopt;
        n = n * 10 + static_cast<unsigned>(c - '0');
    }
    return n;
}

}  // namespace

std::optional<AccessRule> read_access_rule(std::string_view text, bool deny, bool* bits_dropped) {
    AccessRule rule;
    rule.deny = deny;
    if (text == "all") return rule;
    if (text == "unix:") {
        rule.family = AccessRule::Family::Unix;
        return rule;
    }
    std::size_t slash = text.find('/');
    std::string_view address = text.substr(0, slash);
    if (!read_inet(address, rule) && !read_inet6(address, rule)) return std::nullopt;
    const unsigned width = rule.family == AccessRule::Family::Inet ? 32 : 128;
    unsigned bits = width;
    if (slash != std::string_view::npos) {
        auto n = read_bits(text.substr(slash + 1));
        if (!n || *n > width) return std::nullopt;
        bits = *n;
    }
    for (std::size_t i = 0; i < width / 8; ++i) {
        const unsigned here = bits > 8 ? 8 : bits;
        bits -= here;
        rule.mask[i] = static_cast<std::uint8_t>(0xffu << (8 - here));
        if (bits_dropped && (rule.addr[i] & ~rule.mask[i])) *bits_dropped = true;
        rule.addr[i] &= rule.mask[i];
    }
    return rule;
}

GeoNetwork network_of(const AccessRule& rule) {
    GeoNetwork n;
    n.inet6 = rule.family == AccessRule::Family::Inet6;
    std::copy(rule.addr.begin(), rule.addr.end(), n.addr);
    std::copy(rule.mask.begin(), rule.mask.end(), n.mask);
    return n;
}

}  // namespace confparse
