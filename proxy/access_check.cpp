#include "proxy/access_check.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

namespace proxy {
namespace {

using Rule = confparse::AccessRule;
using Family = Rule::Family;

bool has_family(const std::vector<Rule>& rules, Family family) {
    for (const Rule& rule : rules) {
        if (rule.family == family || rule.family == Family::All) return true;
    }
    return false;
}

// The first rule of the family (or "all") whose masked address is the client's decides.
int first_match(const std::vector<Rule>& rules, Family family, const std::uint8_t* addr, std::size_t size) {
    for (const Rule& rule : rules) {
        if (rule.family != family && rule.family != Family::All) continue;
        bool match = true;
        for (std::size_t i = 0; i < size && match && rule.family != Family::All; ++i) {
            match = (addr[i] & rule.mask[i]) == rule.addr[i];
        }
        if (match) return rule.deny ? 403 : kAccessAllowed;
    }
    return kAccessDeclined;
}

}  // namespace

int access_answer(const std::vector<Rule>& rules, std::string_view client) {
    if (rules.empty()) return kAccessDeclined;
    if (client == "unix:") return first_match(rules, Family::Unix, nullptr, 0);
    std::string text(client);
    std::array<std::uint8_t, 16> addr{};
    if (inet_pton(AF_INET, text.c_str(), addr.data()) == 1) return first_match(rules, Family::Inet, addr.data(), 4);
    if (inet_pton(AF_INET6, text.c_str(), addr.data()) != 1) return kAccessDeclined;
    static constexpr std::array<std::uint8_t, 12> kMapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    const bool mapped = std::equal(kMapped.begin(), kMapped.end(), addr.begin());
    if (mapped && has_family(rules, Family::Inet)) return first_match(rules, Family::Inet, addr.data() + 12, 4);
    return first_match(rules, Family::Inet6, addr.data(), 16);
}

}  // namespace proxy
