#include "proxy/referer_table.hpp"

#include <strings.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace proxy {

RefererTable::RefererTable(const confparse::ValidReferers& rules) : none_(rules.none), blocked_(rules.blocked) {
    for (const auto& h : rules.exact) exact_.emplace(h.key, h.uri);
    for (const auto& h : rules.wildcards) wildcards_.push_back({HostnameWildcard(h.key), h.uri});
    for (const auto& r : rules.regexes) regexes_.emplace_back(r.pattern, true, r.where);
    for (const auto& r : rules.server_name_regexes) server_name_regexes_.emplace_back(r.pattern, true, r.where);
}

const std::string* RefererTable::uri_for(const std::string& host) const {
    if (auto it = exact_.find(host); it != exact_.end()) return &it->second;
    const Wildcard* w = best_wildcard(wildcards_, host);
    return w ? &w->uri : nullptr;
}

bool RefererTable::invalid(const std::string* referer) const {
    // as nginx: a level with nothing to match against takes every request as valid
    if (exact_.empty() && wildcards_.empty() && regexes_.empty() && server_name_regexes_.empty()) return false;
    if (!referer) return !none_;
    std::string_view ref = *referer;
    // as nginx: a scheme counts only in a Referer at least as long as "http://i.ru"
    auto starts = [&](const char* scheme) { return strncasecmp(ref.data(), scheme, std::strlen(scheme)) == 0; };
    size_t scheme = ref.size() < 11 ? 0 : starts("http://") ? 7 : starts("https://") ? 8 : 0;
    if (!scheme) return !blocked_;
    ref.remove_prefix(scheme);
    size_t host_end = std::min(ref.find_first_of("/:"), ref.size());
    if (host_end > 256) return true;  // as nginx: longer hosts are never looked up
    std::string host(ref.substr(0, host_end));
    for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (const std::string* uri = uri_for(host)) {
        size_t path = std::min(ref.find('/', host_end), ref.size());
        return ref.compare(path, uri->size(), *uri) != 0;
    }
    for (const Regex& r : server_name_regexes_) {
        if (r.matches(host)) return false;
    }
    for (const Regex& r : regexes_) {
        if (r.matches(ref)) return false;
    }
    return true;
}

}  // namespace proxy
