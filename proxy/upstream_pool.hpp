#pragma once
// Idle upstream connections kept for reuse ("keepalive N" in an upstream block), one pool per worker
// thread, so no locks. As nginx, each upstream group keeps its own N. Within a group a connection is keyed
// by its identity (the client TLS context, verify name / SNI) and its peer, the same key its TLS sessions
// are saved under, so the two never disagree.
#include <sys/socket.h>

#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <type_traits>

#include "proxy/net.hpp"
#include "proxy/resolver.hpp"
#include "proxy/tls_stream.hpp"
#include "tls/session_store.hpp"
#include "upstream/clock.hpp"

namespace proxy {

class Runtime;

template <class Up>
struct UpstreamConnection {
    std::shared_ptr<const Runtime> runtime;  // keeps the session store and contexts alive while pooled
    std::unique_ptr<tls::SessionStore::Slot> slot;
    std::unique_ptr<Up> stream;
    const void* group = nullptr;  // the confparse::Upstream it was opened for
    beast::flat_buffer buffer;  // what is read from it: kept, so that a response needs no new buffer
    std::string key;
    std::uint64_t requests = 0;
    std::chrono::steady_clock::time_point opened = std::chrono::steady_clock::now(), idle_since;
};

template <class Up>
class UpstreamPool {
public:
    using Connection = std::unique_ptr<UpstreamConnection<Up>>;

    // An idle connection of `group` for `key` that is still open and within `timeout`, or null.
    Connection take(const void* group, const std::string& key, std::chrono::milliseconds timeout) {
        auto now = upstream::coarse_now();
        for (auto it = idle_.begin(); it != idle_.end();) {
            if ((*it)->group != group || (*it)->key != key) {
                ++it;
                continue;
            }
            Connection c = std::move(*it);
            it = idle_.erase(it);
            if (now - c->idle_since <= timeout && still_open(*c)) return c;
        }
        return nullptr;
    }

    // Keeps a connection whose response was read to the end; its group's oldest goes when the group has
    // more than `limit` idle.
    void put(Connection c, std::size_t limit) {
        if (c->buffer.capacity() > kKeptBuffer) c->buffer.shrink_to_fit();  // after a large body's reads
        c->idle_since = upstream::coarse_now();
        const void* group = c->group;
        idle_.push_back(std::move(c));
        std::size_t kept = 0;
        for (const Connection& idle : idle_) kept += idle->group == group;
        for (auto it = idle_.begin(); kept > limit;) {
            if ((*it)->group == group) {
                it = idle_.erase(it);
                --kept;
            } else {
                ++it;
            }
        }
    }

private:
    // As nginx's keepalive close handler: an idle connection with anything to read (the peer's close, or
    // a TLS alert, in the socket or already read ahead) is no longer usable.
    static bool still_open(UpstreamConnection<Up>& c) {
        if constexpr (std::is_same_v<Up, TlsStream>) {
            if (c.stream->buffered() > 0) return false;
        }
        char byte;
        int fd = beast::get_lowest_layer(*c.stream).socket().native_handle();
        ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }

    static constexpr std::size_t kKeptBuffer = 4096;
    std::deque<Connection> idle_;
};

struct UpstreamPools {
    UpstreamPool<PlainStream> plain;
    UpstreamPool<TlsStream> tls;
    Resolver resolver;  // the worker's resolver and its cache of names (proxy_pass with variables)
};

}  // namespace proxy
