#pragma once
// The client connections of one worker that wait for their next request. A graceful stop closes them
// at once, as nginx does with idle keep-alive connections, while busy ones finish their request.
// Touched only on the worker's own thread.
#include <cstddef>
#include <vector>

#include "proxy/net.hpp"

namespace proxy {

class IdleConnections {
public:
    bool closing() const { return closing_; }

    // Adding and removing cost the same however many connections wait (every request does both): a
    // connection keeps the slot add() returns and gives it back to remove().
    std::size_t add(Socket* s) {
        if (free_.empty()) {
            idle_.push_back(s);
            return idle_.size() - 1;
        }
        std::size_t slot = free_.back();
        free_.pop_back();
        idle_[slot] = s;
        return slot;
    }
    void remove(std::size_t slot) {
        if (closing_) return;  // close_all() emptied the table
        idle_[slot] = nullptr;
        free_.push_back(slot);
    }

    void close_all() {
        closing_ = true;
        for (Socket* s : idle_) {
            if (!s) continue;
            error_code ec;
            s->cancel(ec);
        }
        idle_.clear();
        free_.clear();
    }

private:
    std::vector<Socket*> idle_;  // null where a slot is free
    std::vector<std::size_t> free_;
    bool closing_ = false;
};

}  // namespace proxy
