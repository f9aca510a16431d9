// The sub module's directives (ngx_http_sub_filter_module): sub_filter, sub_filter_once, sub_filter_types,
// sub_filter_last_modified.
#include <cctype>

#include "confparse/setters.hpp"

namespace confparse {
namespace {

// as nginx: at most 255 pairs per level, which its match tables index with a byte
constexpr std::size_t kMaxSubFilterPairs = 255;

SubFilterPair read_pair(BuildState& b, const Directive& d) {
    if (d.args[0].empty()) fail(d, "empty search pattern");
    if (b.scope().sub_filter->size() >= kMaxSubFilterPairs) fail(d, "number of search patterns exceeds 255");
    SubFilterPair pair{d.args[0], d.args[1]};
    for (char& c : pair.match) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    b.note_variables(pair.match, d);
    b.note_variables(pair.replacement, d);
    return pair;
}

}  // namespace

void add_sub_filter_rows(std::vector<Row>& rows) {
    rows.push_back(appended("sub_filter", kHttpLevels, kTake2, &HttpScope::sub_filter, read_pair));
    rows.push_back(flag("sub_filter_once", kHttpLevels, &HttpScope::sub_filter_once, true));
    rows.push_back(mime_types("sub_filter_types", &HttpScope::sub_filter_types));
    rows.push_back(flag("sub_filter_last_modified", kHttpLevels, &HttpScope::sub_filter_last_modified, false));
}

}  // namespace confparse
