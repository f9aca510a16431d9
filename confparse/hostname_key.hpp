#pragma once
// How nginx's ngx_hash_add_key (with NGX_HASH_WILDCARD_KEY) files a hostname key of a map or of
// valid_referers: an exact name, a head wildcard ("*.name", ".name") or a tail one ("name.*").
#include <set>
#include <string>

#include "confparse/error.hpp"

namespace confparse {

struct HostnameKey {
    enum class Kind { Exact, Head, Tail };
    Kind kind = Kind::Exact;
    std::string key;  // exact: lower-cased; a wildcard as written with its name part lower-cased
};

// Files `key` (as exact only unless `wildcards`), taking its names in `taken` as nginx's keys arrays do.
// Throws ConfigError at `where`: "invalid hostname or wildcard", "conflicting parameter".
HostnameKey file_hostname_key(const std::string& key, bool wildcards, std::set<std::string>& taken,
                              const SourceRef& where);

}  // namespace confparse
