#include "proxy/split_table.hpp"

#include "proxy/murmur_hash.hpp"

namespace proxy {

SplitTable::SplitTable(const confparse::SplitClientsBlock& block) : source_(block.source), parts_(block.parts) {}

const std::string& SplitTable::pick(std::string_view key) const {
    static const std::string none;
    std::uint32_t hash = murmur_hash2(key);
    for (const auto& part : parts_) {
        if (hash < part.bound || part.bound == 0) return part.value;
    }
    return none;
}

}  // namespace proxy
