#include "proxy/murmur_hash.hpp"

namespace proxy {

std::uint32_t murmur_hash2(std::string_view data) {
    constexpr std::uint32_t m = 0x5bd1e995;
    auto byte = [&](size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(data[i])); };
    std::uint32_t h = static_cast<std::uint32_t>(data.size());
    size_t i = 0;
    for (; data.size() - i >= 4; i += 4) {
        std::uint32_t k = byte(i) | byte(i + 1) << 8 | byte(i + 2) << 16 | byte(i + 3) << 24;
        k *= m;
        k ^= k >> 24;
        k *= m;
        h = h * m ^ k;
    }
    switch (data.size() - i) {
        case 3:
            h ^= byte(i + 2) << 16;
            [[fallthrough]];
        case 2:
            h ^= byte(i + 1) << 8;
            [[fallthrough]];
        case 1:
            h ^= byte(i);
            h *= m;
    }
    h ^= h >> 13;
    h *= m;
    h ^= h >> 15;
    return h;
}

}  // namespace proxy
