#include "proxy/geo_table.hpp"

#include <algorithm>
#include <bit>

#include "proxy/forwarded_address.hpp"
#include "proxy/variables.hpp"

namespace proxy {
namespace {

int prefix_length(const confparse::GeoNetwork& n) {
    int bits = 0;
    for (unsigned char byte : n.mask) bits += std::popcount(static_cast<unsigned>(byte));
    return bits;
}

}  // namespace

GeoTable::GeoTable(const confparse::GeoBlock& block)
    : source_(block.source), networks_(block.networks), ranges_(block.ranges), range_buckets_(block.range_buckets),
      range_default_(block.range_default.value_or(std::string())), proxies_(block.proxies),
      proxy_recursive_(block.proxy_recursive) {
    std::stable_sort(networks_.begin(), networks_.end(),
                     [](const auto& a, const auto& b) { return prefix_length(a) > prefix_length(b); });
}

const std::string& GeoTable::lookup(std::string_view address) const {
    static const std::string none;  // as nginx: no default is an empty value
    if (ranges_) return range_lookup(address);
    BinaryAddress addr;
    std::fill(addr.bytes, addr.bytes + 4, 0xff);
    if (auto read = read_address(address)) addr = *read;
    for (const auto& n : networks_) {
        if (network_holds(n, addr)) return n.value;
    }
    return none;
}

// As nginx's ngx_http_geo_range_variable: IPv4 only, any other address is 255.255.255.255.
const std::string& GeoTable::range_lookup(std::string_view address) const {
    std::uint32_t inaddr = 0xffffffff;
    auto read = read_address(address);
    if (read && !read->inet6) {
        inaddr = std::uint32_t{read->bytes[0]} << 24 | std::uint32_t{read->bytes[1]} << 16 |
                 std::uint32_t{read->bytes[2]} << 8 | read->bytes[3];
    }
    auto bucket = range_buckets_.find(static_cast<std::uint16_t>(inaddr >> 16));
    if (bucket == range_buckets_.end()) return range_default_;
    auto low = inaddr & 0xffff;
    for (const auto& r : bucket->second) {
        if (low >= r.start && low <= r.end) return r.value;
    }
    return range_default_;
}

std::string GeoTable::value(const RequestContext& r) const {
    std::string address = source_.empty() ? r.client_address() : variable_value(source_, r).value_or(std::string());
    if (proxies_.empty()) return lookup(address);
    return lookup(forwarded_address(std::move(address), r.headers, proxies_, proxy_recursive_));
}

}  // namespace proxy
