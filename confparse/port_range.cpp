#include "confparse/port_range.hpp"

#include "confparse/values.hpp"

namespace confparse {

std::optional<std::vector<std::string>> expand_port_range(std::string_view address, std::string& err) {
    size_t port_at = 0;
    if (address.rfind("unix:", 0) == 0) return std::vector<std::string>{std::string(address)};
    if (!address.empty() && address[0] == '[') {
        size_t close = address.find("]:");
        if (close == std::string_view::npos) return std::vector<std::string>{std::string(address)};
        port_at = close + 2;
    } else if (size_t colon = address.rfind(':'); colon != std::string_view::npos) {
        port_at = colon + 1;
    }
    std::string_view ports = address.substr(port_at);
    size_t dash = ports.find('-');
    if (dash == std::string_view::npos) return std::vector<std::string>{std::string(address)};
    auto first = parse_number(ports.substr(0, dash));
    auto last = parse_number(ports.substr(dash + 1));
    // as nginx: a bare "a-b" that is not two numbers is no port at all, but a host name
    if (port_at == 0 && (!first || !last)) return std::vector<std::string>{std::string(address)};
    if (!first || !last || *first < 1 || *first > 65535 || *last < 1 || *last > 65535) {
        err = "invalid port";
        return std::nullopt;
    }
    if (*first > *last) {
        err = "invalid port range";
        return std::nullopt;
    }
    std::vector<std::string> out;
    for (auto port = *first; port <= *last; ++port) {
        out.push_back(std::string(address.substr(0, port_at)) + std::to_string(port));
    }
    return out;
}

}  // namespace confparse
