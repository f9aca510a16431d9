#include "proxy/content_type.hpp"

#include <cctype>

#include "confparse/config.hpp"

namespace proxy {

std::string content_type_for(const confparse::HttpScope& scope, const std::string& path) {
    size_t dot = path.rfind('.');
    size_t slash = path.rfind('/');
    if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) {
        std::string ext = path.substr(dot + 1);
        for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto& types = **scope.types;
        auto it = types.find(ext);
        if (it != types.end()) return it->second;
    }
    return *scope.default_type;
}

}  // namespace proxy
