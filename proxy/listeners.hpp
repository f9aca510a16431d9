#pragma once
// The listening sockets of a configuration: one per worker thread per endpoint (SO_REUSEPORT), kept
// across reloads for the endpoints that stay.
#include <map>
#include <string>
#include <vector>

#include "proxy/worker.hpp"

namespace proxy {

class Runtime;

// By endpoint key ("127.0.0.1:8443"): the sockets listening there.
using ListeningFds = std::map<std::string, std::vector<int>>;

struct Listeners {
    std::vector<std::vector<Worker::Listener>> per_thread;  // what each worker thread accepts on
    ListeningFds by_endpoint;                               // the same sockets, by endpoint
};

// The number of worker threads `runtime` asks for (worker_processes).
std::size_t worker_threads(const Runtime& runtime);

// Sockets for the endpoints of `runtime`, one per worker thread each: duplicates of those in `kept`,
// new ones for new endpoints. As nginx, a busy address is tried five times, half a second apart. False
// (nginx's messages printed and logged, nothing left open) when an address cannot be listened on.
bool open_listeners(const Runtime& runtime, const ListeningFds& kept, Listeners& out);

void close_listeners(const ListeningFds& fds);

// As nginx: the file of each unix socket in `fds` whose endpoint `staying` (the next configuration's
// sockets, when there is one) does not have is deleted, so that a later bind() to its path can succeed.
void remove_unix_sockets(const ListeningFds& fds, const ListeningFds& staying = {});

}  // namespace proxy
