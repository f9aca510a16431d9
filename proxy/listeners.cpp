#include "proxy/listeners.hpp"

#include <unistd.h>

#include <chrono>
#include <thread>

#include "confparse/address.hpp"
#include "proxy/listen_socket.hpp"
#include "proxy/messages.hpp"
#include "proxy/runtime.hpp"

namespace proxy {

std::size_t worker_threads(const Runtime& runtime) { return runtime.workers(); }

bool open_listeners(const Runtime& runtime, const ListeningFds& kept, Listeners& out) {
    const auto& endpoints = runtime.router().endpoints();
    const std::size_t threads = worker_threads(runtime);
    out = Listeners{};
    out.per_thread.assign(threads, {});
    for (std::size_t e = 0; e < endpoints.size(); ++e) {
        auto old = kept.find(endpoints[e].key);
        for (std::size_t w = 0; w < threads; ++w) {
            std::string error;
            int fd = -1;
            if (old != kept.end()) fd = ::dup(old->second[w % old->second.size()]);
            // a unix socket cannot be bound once per thread: the threads share the one made first
            else if (w > 0 && !endpoints[e].unix_path.empty()) fd = ::dup(out.per_thread[0].back().fd);
            for (int attempt = 0; attempt < 5 && fd < 0; ++attempt) {
                fd = open_listen_socket(endpoints[e], w == 0, error);
                if (fd >= 0) break;
                print_level("emerg", error);
                runtime.main_error_log().write(confparse::LogLevel::Emerg, 0, error);
                if (error.find("(98:") == std::string::npos) break;
                std::this_thread::sleep_for(std::chrono::milliseconds(500));
            }
            if (fd < 0) {
                if (error.find("(98:") != std::string::npos) print_level("emerg", "still could not bind()");
                close_listeners(out.by_endpoint);
                out = Listeners{};
                return false;
            }
            out.per_thread[w].push_back({fd, e});
            out.by_endpoint[endpoints[e].key].push_back(fd);
        }
    }
    return true;
}

void close_listeners(const ListeningFds& fds) {
    for (const auto& [key, list] : fds) {
        for (int fd : list) ::close(fd);
    }
}

void remove_unix_sockets(const ListeningFds& fds, const ListeningFds& staying) {
    for (const auto& [key, list] : fds) {
        std::string_view path = confparse::unix_peer_path(key);
        if (!path.empty() && !staying.count(key)) ::unlink(std::string(path).c_str());
    }
}

}  // namespace proxy
