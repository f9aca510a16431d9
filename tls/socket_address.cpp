#include "tls/socket_address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cstdint>
#include <cstdlib>

#include "confparse/address.hpp"

namespace tls {

socklen_t socket_address(const std::string& name, sockaddr_storage& address) {
    if (std::string_view path = confparse::unix_peer_path(name); !path.empty()) {
        auto* sun = reinterpret_cast<sockaddr_un*>(&address);
        sun->sun_family = AF_UNIX;
        path.copy(sun->sun_path, sizeof sun->sun_path - 1);
        return sizeof *sun;
    }
    std::size_t colon = name.rfind(':');
    if (colon == std::string::npos) return 0;
    std::string host = name.substr(0, colon);
    auto port = htons(static_cast<std::uint16_t>(std::atoi(name.c_str() + colon + 1)));
    if (host.size() > 2 && host.front() == '[') {
        auto* sin6 = reinterpret_cast<sockaddr_in6*>(&address);
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = port;
        if (inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), &sin6->sin6_addr) != 1) return 0;
        return sizeof *sin6;
    }
    auto* sin = reinterpret_cast<sockaddr_in*>(&address);
    sin->sin_family = AF_INET;
    sin->sin_port = port;
    if (inet_pton(AF_INET, host.c_str(), &sin->sin_addr) != 1) return 0;
    return sizeof *sin;
}

}  // namespace tls
