#pragma once
// The limit_conn counts a request holds (proxy/limit_conn.hpp), given back when it ends.
#include <string>
#include <utility>
#include <vector>

namespace proxy {

class LimitConnZone;

class LimitConnLeases {
public:
    LimitConnLeases() = default;
    ~LimitConnLeases() { release(); }
    LimitConnLeases(LimitConnLeases&& other) noexcept : held_(std::move(other.held_)) { other.held_.clear(); }
    LimitConnLeases& operator=(LimitConnLeases&& other) noexcept {
        if (this != &other) {
            release();
            held_ = std::move(other.held_);
            other.held_.clear();
        }
        return *this;
    }

    void add(LimitConnZone& zone, std::string key) { held_.emplace_back(&zone, std::move(key)); }
    void release();

private:
    std::vector<std::pair<LimitConnZone*, std::string>> held_;
};

}  // namespace proxy
