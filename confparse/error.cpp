#include "confparse/error.hpp"

namespace confparse {

std::string ConfigError::text() const {
    if (!located_) return message_;
    if (where_.file.empty()) return message_ + " in command line";
    return message_ + " in " + where_.file + ":" + std::to_string(where_.line);
}

}  // namespace confparse
