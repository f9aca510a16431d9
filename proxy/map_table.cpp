#include "proxy/map_table.hpp"

#include <strings.h>

#include <cctype>

namespace proxy {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

}  // namespace

std::size_t MapTable::CaselessHash::operator()(std::string_view s) const {
    std::size_t h = 14695981039346656037ull;  // FNV-1a over the lower-cased bytes
    for (char c : s) h = (h ^ static_cast<unsigned char>(lower(c))) * 1099511628211ull;
    return h;
}

bool MapTable::CaselessEqual::operator()(std::string_view a, std::string_view b) const {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

MapTable::MapTable(const confparse::MapBlock& block)
    : source_(block.source), hostnames_(block.hostnames), default_(block.default_value) {
    for (const auto& e : block.exact) exact_.emplace(e.key, Template(e.value));
    for (const auto& e : block.wildcards) wildcards_.push_back({HostnameWildcard(e.key), Template(e.value)});
    for (const auto& e : block.regexes) regexes_.push_back({Regex(e.key, e.caseless, e.where), Template(e.value)});
}

const Template& MapTable::match(std::string_view subject, Captures& found) const {
    if (auto it = exact_.find(subject); it != exact_.end()) return it->second;
    if (const Wildcard* w = best_wildcard(wildcards_, subject)) return w->value;
    if (subject.empty()) return default_;  // as nginx: an empty value is never matched against the regexes
    for (const Pattern& p : regexes_) {
        Captures c;
        if (!p.regex.matches(subject, c)) continue;
        if (c.numbered.size() > 1 || !c.named.empty()) found = std::move(c);
        return p.value;
    }
    return default_;
}

std::string MapTable::value(RequestContext& r) const {
    std::string subject = source_.render(r);
    if (hostnames_ && !subject.empty() && subject.back() == '.') subject.pop_back();
    Captures found;
    const Template& value = match(subject, found);
    if (!found.numbered.empty()) {
        r.captures = std::move(found.numbered);
        for (auto& [name, capture] : found.named) r.variables[name] = std::move(capture);
    }
    return value.render(r);
}

}  // namespace proxy
