#pragma once
// nginx's ngx_murmur_hash2: MurmurHash2 (32 bits, seed 0) with the bytes read little-endian, so a
// split_clients key lands in the same part as under nginx on any machine.
#include <cstdint>
#include <string_view>

namespace proxy {

std::uint32_t murmur_hash2(std::string_view data);

}  // namespace proxy
