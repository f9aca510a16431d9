#pragma once
// The client connections of one worker that wait for their next request. A graceful stop closes them
// at once, as nginx does with idle keep-alive connections, while busy ones finish their request.
// Touched only on the worker's own thread.
#include <algorithm>
#include <vector>

#include "proxy/net.hpp"

namespace proxy {

class IdleConnections {
public:
    bool closing() const { return closing_; }
    void add(beast::tcp_stream* s) { idle_.push_back(s); }
    void remove(beast::tcp_stream* s) { idle_.erase(std::remove(idle_.begin(), idle_.end(), s), idle_.end()); }

    void close_all() {
        closing_ = true;
        for (beast::tcp_stream* s : idle_) {
            error_code ec;
            s->socket().cancel(ec);
        }
        idle_.clear();
    }

private:
    std::vector<beast::tcp_stream*> idle_;
    bool closing_ = false;
};

}  // namespace proxy
