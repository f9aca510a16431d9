#include "proxy/request_context.hpp"

#include <strings.h>

namespace proxy {

const std::string* RequestContext::header(std::string_view name) const {
    for (const auto& h : headers) {
        if (h.name.size() == name.size() && strncasecmp(h.name.data(), name.data(), name.size()) == 0) return &h.value;
    }
    return nullptr;
}

}  // namespace proxy
