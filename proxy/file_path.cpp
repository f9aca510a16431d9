#include "proxy/file_path.hpp"

#include <algorithm>

#include "confparse/config.hpp"

namespace proxy {

std::string file_path(const confparse::HttpScope& scope, const confparse::Location* location, const std::string& uri) {
    if (location && *location->scope.root_is_alias) {  // the alias takes the place of the location's name
        return *scope.root + uri.substr(std::min(uri.size(), location->pattern.size()));
    }
    return *scope.root + uri;
}

}  // namespace proxy
