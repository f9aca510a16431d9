#include "confparse/hostname_key.hpp"

#include <cctype>

namespace confparse {
namespace {

using Kind = HostnameKey::Kind;

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Where a wildcard-allowed key goes and how much of its head is the wildcard; false when it is invalid.
bool hostname_kind(const std::string& key, Kind& kind, size_t& skip) {
    size_t stars = 0;
    for (size_t i = 0; i < key.size(); ++i) {
        if (key[i] == '*' && ++stars > 1) return false;
        if (key[i] == '.' && i + 1 < key.size() && key[i + 1] == '.') return false;
        if (key[i] == '\0') return false;
    }
    kind = Kind::Head;
    if (key.size() > 1 && key[0] == '.') {
        skip = 1;
        return true;
    }
    if (key.size() > 2 && key[0] == '*' && key[1] == '.') {
        skip = 2;
        return true;
    }
    if (key.size() > 2 && key.compare(key.size() - 2, 2, ".*") == 0) {
        kind = Kind::Tail;
        return true;
    }
    kind = Kind::Exact;
    return stars == 0;
}

}  // namespace

// The names taken are kept as ngx_hash_add_key keeps them: exact names ("e:", where ".name" takes "name"
// too), head wildcards by their name after "*." or "." ("h:"), tail wildcards by theirs before ".*" ("t:").
HostnameKey file_hostname_key(const std::string& key, bool wildcards, std::set<std::string>& taken,
                              const SourceRef& where) {
    auto take = [&](const char* kind, const std::string& name) { return taken.insert(kind + name).second; };
    auto conflict = [&](const std::string& shown) {
        throw ConfigError("conflicting parameter \"" + shown + "\"", where);
    };
    HostnameKey out;
    size_t skip = 0;
    if (wildcards && !hostname_kind(key, out.kind, skip)) {
        throw ConfigError("invalid hostname or wildcard \"" + key + "\"", where);
    }
    if (out.kind == Kind::Exact) {
        out.key = lower(key);
        if (!take("e:", out.key)) conflict(out.key);
        return out;
    }
    // as nginx: the part after the wildcard is lower-cased in place (and shown so in a conflict)
    bool head = out.kind == Kind::Head;
    std::string name = head ? lower(key.substr(skip)) : lower(key.substr(0, key.size() - 2));
    out.key = head ? key.substr(0, skip) + name : name + ".*";
    if (head && skip == 1 && !take("e:", name)) conflict(out.key);
    if (!take(head ? "h:" : "t:", name)) conflict(out.key);
    return out;
}

}  // namespace confparse
