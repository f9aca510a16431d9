#include "proxy/geo_table.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <bit>

#include "proxy/variables.hpp"

namespace proxy {
namespace {

int prefix_length(const confparse::GeoNetwork& n) {
    int bits = 0;
    for (unsigned char byte : n.mask) bits += std::popcount(static_cast<unsigned>(byte));
    return bits;
}

bool holds(const confparse::GeoNetwork& n, bool inet6, const unsigned char* addr) {
    if (n.inet6 != inet6) return false;
    for (int i = 0; i < (inet6 ? 16 : 4); ++i) {
        if ((addr[i] & n.mask[i]) != n.addr[i]) return false;
    }
    return true;
}

}  // namespace

GeoTable::GeoTable(const confparse::GeoBlock& block) : source_(block.source), networks_(block.networks) {
    std::stable_sort(networks_.begin(), networks_.end(),
                     [](const auto& a, const auto& b) { return prefix_length(a) > prefix_length(b); });
}

const std::string& GeoTable::lookup(std::string_view address) const {
    static const std::string none;  // as nginx: no default is an empty value
    std::string text(address);
    unsigned char addr[16] = {0xff, 0xff, 0xff, 0xff};
    bool inet6 = false;
    if (inet_pton(AF_INET, text.c_str(), addr) != 1) {
        if (inet_pton(AF_INET6, text.c_str(), addr) == 1) {
            static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
            inet6 = !std::equal(mapped, mapped + 12, addr);
            if (!inet6) std::copy(addr + 12, addr + 16, addr);
        } else {
            std::fill(addr, addr + 4, 0xff);
        }
    }
    for (const auto& n : networks_) {
        if (holds(n, inet6, addr)) return n.value;
    }
    return none;
}

std::string GeoTable::value(const RequestContext& r) const {
    if (source_.empty()) return lookup(r.connection->remote_addr);
    return lookup(variable_value(source_, r).value_or(std::string()));
}

}  // namespace proxy
