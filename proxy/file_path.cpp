#include "proxy/file_path.hpp"

#include <algorithm>

#include "confparse/config.hpp"
#include "confparse/files.hpp"
#include "proxy/variables.hpp"

namespace proxy {

std::string level_root(const confparse::HttpScope& scope, const RequestContext& r, const std::string& prefix) {
    const std::string& root = *scope.root;
    if (root.find('$') == std::string::npos) return root;
    std::string rendered = Template(root).render(r);
    return root[0] == '$' ? confparse::full_name(prefix, rendered) : rendered;
}

std::string file_path(const confparse::HttpScope& scope, const RequestContext& r, const std::string& root) {
    std::size_t alias = *scope.alias_length;
    if (alias == confparse::kWholeAlias) return r.add_uri_to_alias ? root + r.uri : root;
    return root + r.uri.substr(std::min(r.uri.size(), alias));
}

}  // namespace proxy
