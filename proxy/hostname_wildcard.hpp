#pragma once
// A wildcard hostname key as nginx's combined hashes match it (a map's with "hostnames", valid_referers'):
// "*.name" and ".name" (head), "name.*" (tail).
#include <string>
#include <string_view>

namespace proxy {

struct HostnameWildcard {
    std::string name;        // lower-cased, without "*.", "." or ".*"
    bool head = true;        // "*.name" or ".name"; else "name.*"
    bool with_name = false;  // ".name": the name itself matches too

    // From the key as confparse files it ("*.a.org", ".a.org", "www.a.*").
    explicit HostnameWildcard(const std::string& key);

    bool matches(std::string_view subject) const;
    // As ngx_hash_find_combined: a head wildcard before a tail one, and of each the longest name.
    bool better_than(const HostnameWildcard& other) const {
        return (head && !other.head) || (head == other.head && name.size() > other.name.size());
    }
};

// The best of `wildcards` (each holding a HostnameWildcard as `.wildcard`) that matches, or nullptr.
template <class Entries>
const typename Entries::value_type* best_wildcard(const Entries& wildcards, std::string_view subject) {
    const typename Entries::value_type* best = nullptr;
    for (const auto& w : wildcards) {
        if (w.wildcard.matches(subject) && (!best || w.wildcard.better_than(best->wildcard))) best = &w;
    }
    return best;
}

}  // namespace proxy
