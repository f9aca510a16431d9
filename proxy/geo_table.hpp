#pragma once
// One compiled "geo" block (nginx's geo module): the value of the longest network holding an address,
// as nginx's radix trees find it, or with "ranges" of the IPv4 range holding it.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "confparse/geo_config.hpp"
#include "proxy/request_context.hpp"

namespace proxy {

class GeoTable {
public:
    explicit GeoTable(const confparse::GeoBlock& block);

    // The variable's value for r: its client's address, or the source variable's value read as one.
    std::string value(const RequestContext& r) const;
    // The value for an address in text form; as nginx, one that does not read as an address is looked
    // up as 255.255.255.255, and an IPv4-mapped IPv6 address as its IPv4 one.
    const std::string& lookup(std::string_view address) const;

private:
    const std::string& range_lookup(std::string_view address) const;

    std::string source_;
    std::vector<confparse::GeoNetwork> networks_;  // the longest masks first
    bool ranges_ = false;
    std::map<std::uint16_t, std::vector<confparse::GeoRange>> range_buckets_;
    std::string range_default_;
    std::vector<confparse::GeoNetwork> proxies_;
    bool proxy_recursive_ = false;
};

}  // namespace proxy
