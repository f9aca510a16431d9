#pragma once
#include <string>

#include "proxy/router.hpp"

namespace proxy {

// Opens a listening socket for an endpoint with SO_REUSEPORT, so each worker thread can have its own.
// `first`: the endpoint's first socket, which also checks that no other process holds the port. A unix
// socket ("listen unix:PATH") is one for all threads, made once.
// Returns the descriptor, or -1 with `error` set to nginx's message ("bind() to ... failed (98: ...)").
int open_listen_socket(const Endpoint& endpoint, bool first, std::string& error);

}  // namespace proxy
