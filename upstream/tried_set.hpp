#pragma once
// The peers one request has already tried (nginx's rrp->tried bitmap). Up to 64 peers fit inline, so the
// common case allocates nothing per request.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace upstream {

class TriedSet {
public:
    explicit TriedSet(std::size_t peers) : spill_(peers > kInline ? words_for(peers) : 0, 0) {}

    bool contains(std::size_t i) const { return (word(i) >> (i % kInline)) & 1u; }
    void insert(std::size_t i) { word(i) |= std::uint64_t{1} << (i % kInline); }
    void clear() {
        inline_ = 0;
        for (std::uint64_t& w : spill_) w = 0;
    }

private:
    static constexpr std::size_t kInline = 64;
    static std::size_t words_for(std::size_t peers) { return (peers + kInline - 1) / kInline; }

    std::uint64_t& word(std::size_t i) { return spill_.empty() ? inline_ : spill_[i / kInline]; }
    std::uint64_t word(std::size_t i) const { return spill_.empty() ? inline_ : spill_[i / kInline]; }

    std::uint64_t inline_ = 0;
    std::vector<std::uint64_t> spill_;  // used instead of inline_ when there are more than 64 peers
};

}  // namespace upstream
