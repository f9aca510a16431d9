#pragma once
// The socket address of a peer named as nproxy names them ("ip:port", "[ip6]:port", "unix:PATH"): for the
// connections made outside Asio (the --probe of upstreams, logs sent to syslog).
#include <sys/socket.h>

#include <string>

namespace tls {

// Fills `address`; its length, 0 when `name` is none of those forms.
socklen_t socket_address(const std::string& name, sockaddr_storage& address);

}  // namespace tls
