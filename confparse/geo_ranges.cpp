#include "confparse/geo_ranges.hpp"

#include <algorithm>
#include <iterator>

namespace confparse {
namespace {

// As nginx's ngx_inet_addr: four decimal parts of at most 255.
std::optional<std::uint32_t> read_ipv4(std::string_view text) {
    std::uint32_t addr = 0, octet = 0;
    int dots = 0;
    bool digit = false;
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            octet = octet * 10 + static_cast<std::uint32_t>(c - '0');
            if (octet > 255) return std::nullopt;
            digit = true;
        } else if (c == '.' && digit) {
            addr = addr << 8 | octet;
            octet = 0, digit = false, ++dots;
        } else {
            return std::nullopt;
        }
    }
    if (dots != 3 || !digit) return std::nullopt;
    addr = addr << 8 | octet;
    if (addr == 0xffffffff) return std::nullopt;  // nginx's INADDR_NONE, so not an address to it
    return addr;
}

std::string dotted(std::uint32_t high, std::uint32_t low) {
    return std::to_string(high >> 8) + '.' + std::to_string(high & 0xff) + '.' + std::to_string(low >> 8) + '.' +
           std::to_string(low & 0xff);
}

// Calls f(high 16 bits, low start, low end) for each /16 piece of [start, end].
template <class F>
bool each_piece(std::uint32_t start, std::uint32_t end, F f) {
    // 64 bits, and a mask of as many, so that the step past the last /16 ends the loop
    for (std::uint64_t n = start; n <= end; n = (n + 0x10000) & ~std::uint64_t{0xffff}) {
        auto h = static_cast<std::uint16_t>(n >> 16);
        auto s = static_cast<std::uint16_t>(n == start ? n & 0xffff : 0);
        auto e = static_cast<std::uint16_t>((n | 0xffff) > end ? end & 0xffff : 0xffff);
        if (!f(h, s, e)) return false;
    }
    return true;
}

}  // namespace

std::optional<std::pair<std::uint32_t, std::uint32_t>> read_geo_range(const std::string& text) {
    size_t dash = text.find('-');
    if (dash == std::string::npos) return std::nullopt;
    auto start = read_ipv4(std::string_view(text).substr(0, dash));
    auto end = read_ipv4(std::string_view(text).substr(dash + 1));
    if (!start || !end || *start > *end) return std::nullopt;
    return std::make_pair(*start, *end);
}

std::optional<std::string> add_geo_range(GeoBlock& geo, std::uint32_t start, std::uint32_t end,
                                         const std::string& value, const std::string& text,
                                         std::vector<std::string>& warnings) {
    std::optional<std::string> error;
    each_piece(start, end, [&](std::uint16_t h, std::uint16_t s, std::uint16_t e) {
        std::vector<GeoRange>& ranges = geo.range_buckets[h];
        // as nginx, from the highest range down: the new one goes after the first it lies above, may
        // replace an equal one or be cut out of one holding it; any other overlap is an error
        for (auto i = ranges.size(); i-- > 0;) {
            GeoRange& old = ranges[i];
            if (e < old.start) continue;
            auto at = ranges.begin() + static_cast<std::ptrdiff_t>(i);
            if (s > old.end) {
                ranges.insert(at + 1, GeoRange{s, e, value});
            } else if (s == old.start && e == old.end) {
                warnings.push_back("duplicate range \"" + text + "\", value: \"" + value + "\", old value: \"" +
                                   old.value + "\"");
                old.value = value;
            } else if (s > old.start && e < old.end) {
                GeoRange after{static_cast<std::uint16_t>(e + 1), old.end, old.value};
                old.end = static_cast<std::uint16_t>(s - 1);
                ranges.insert(ranges.insert(at + 1, GeoRange{s, e, value}) + 1, after);
            } else if (s == old.start && e < old.end) {
                old.start = static_cast<std::uint16_t>(e + 1);
                ranges.insert(at, GeoRange{s, e, value});
            } else if (s > old.start && e == old.end) {
                old.end = static_cast<std::uint16_t>(s - 1);
                ranges.insert(at + 1, GeoRange{s, e, value});
            } else {
                error = "range \"" + text + "\" overlaps \"" + dotted(h, old.start) + '-' + dotted(h, old.end) + '"';
                return false;
            }
            return true;
        }
        ranges.insert(ranges.begin(), GeoRange{s, e, value});
        return true;
    });
    return error;
}

bool delete_geo_range(GeoBlock& geo, std::uint32_t start, std::uint32_t end) {
    bool whole = true;
    each_piece(start, end, [&](std::uint16_t h, std::uint16_t s, std::uint16_t e) {
        auto bucket = geo.range_buckets.find(h);
        if (bucket == geo.range_buckets.end()) {
            whole = false;
            return true;
        }
        auto& ranges = bucket->second;
        auto it = std::find_if(ranges.begin(), ranges.end(), [&](const GeoRange& r) { return r.start == s && r.end == e; });
        if (it == ranges.end()) {
            whole = false;
        } else {
            ranges.erase(it);
        }
        return true;
    });
    return whole;
}

}  // namespace confparse
