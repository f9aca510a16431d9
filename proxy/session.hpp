#pragma once
// A client connection: the TLS handshake on ssl listeners, then HTTP/1.x requests until the
// connection closes.
#include <atomic>
#include <cstdint>
#include <memory>

#include "proxy/net.hpp"

namespace proxy {

class Runtime;
struct Endpoint;
struct UpstreamPools;
class IdleConnections;
class RequestStore;
struct ConnectionCounters;
struct ListenerCounters;

struct SessionEnv {
    std::shared_ptr<const Runtime> runtime;
    const Endpoint* endpoint = nullptr;
    ConnectionCounters* counters = nullptr;                 // shared by the workers, as nginx's
    UpstreamPools* pools = nullptr;                         // the accepting worker's
    IdleConnections* idle = nullptr;                        // the accepting worker's
    RequestStore* requests = nullptr;                       // the accepting worker's
    std::size_t worker = 0;                                 // the accepting worker's index
    ListenerCounters* listener = nullptr;                   // the accepting worker's, for this endpoint
};

net::awaitable<void> run_session(Socket socket, SessionEnv env);

}  // namespace proxy
