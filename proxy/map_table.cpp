#include "proxy/map_table.hpp"

#include <strings.h>

#include <cctype>

namespace proxy {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool ends_with_label(std::string_view subject, std::string_view name) {
    return subject.size() > name.size() && subject[subject.size() - name.size() - 1] == '.' &&
           iequals(subject.substr(subject.size() - name.size()), name);
}

}  // namespace

std::size_t MapTable::CaselessHash::operator()(std::string_view s) const {
    std::size_t h = 14695981039346656037ull;  // FNV-1a over the lower-cased bytes
    for (char c : s) h = (h ^ static_cast<unsigned char>(lower(c))) * 1099511628211ull;
    return h;
}

bool MapTable::CaselessEqual::operator()(std::string_view a, std::string_view b) const { return iequals(a, b); }

MapTable::MapTable(const confparse::MapBlock& block)
    : source_(block.source), hostnames_(block.hostnames), default_(block.default_value) {
    for (const auto& e : block.exact) exact_.emplace(e.key, Template(e.value));
    for (const auto& e : block.wildcards) {
        Wildcard w;
        w.head = e.key[0] == '.' || e.key[0] == '*';
        w.with_name = e.key[0] == '.';
        w.name = w.head ? e.key.substr(w.with_name ? 1 : 2) : e.key.substr(0, e.key.size() - 2);
        w.value = Template(e.value);
        wildcards_.push_back(std::move(w));
    }
    for (const auto& e : block.regexes) regexes_.push_back({Regex(e.key, e.caseless, e.where), Template(e.value)});
}

// As ngx_hash_find_combined: a head wildcard before a tail one, and of each the longest name.
const MapTable::Wildcard* MapTable::wildcard(std::string_view subject) const {
    const Wildcard* best = nullptr;
    for (const Wildcard& w : wildcards_) {
        bool hit = w.head ? ends_with_label(subject, w.name) || (w.with_name && iequals(subject, w.name))
                          : subject.size() > w.name.size() + 1 && subject[w.name.size()] == '.' &&
                                iequals(subject.substr(0, w.name.size()), w.name);
        if (!hit) continue;
        if (!best || (w.head && !best->head) || (w.head == best->head && w.name.size() > best->name.size())) best = &w;
    }
    return best;
}

const Template& MapTable::match(std::string_view subject, Captures& found) const {
    if (auto it = exact_.find(subject); it != exact_.end()) return it->second;
    if (const Wildcard* w = wildcard(subject)) return w->value;
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
