#pragma once
// What the upstream tests build on: the confparse::Upstream a test needs, made without parsing nginx.conf
// text (upstream_of({server("a").weight(5), server("b").backup()})), and times to hand to the logic.
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "confparse/config.hpp"
#include "upstream/clock.hpp"

namespace upstream_test {

class Server {
public:
    // The name is also the one address it resolves to, unless addresses() says otherwise.
    explicit Server(std::string name) {
        s_.address = name;
        s_.host = name;
        s_.resolved = {std::move(name)};
    }

    Server& weight(std::int64_t w) { return s_.weight = w, *this; }
    Server& max_fails(std::int64_t n) { return s_.max_fails = n, *this; }
    Server& fail_timeout(std::chrono::seconds t) { return s_.fail_timeout = t.count() * 1000, *this; }
    Server& max_conns(std::int64_t n) { return s_.max_conns = n, *this; }
    Server& backup() { return s_.backup = true, *this; }
    Server& down() { return s_.down = true, *this; }
    Server& addresses(std::vector<std::string> resolved) { return s_.resolved = std::move(resolved), *this; }

    const confparse::UpstreamServer& config() const { return s_; }

private:
    confparse::UpstreamServer s_;
};

inline Server server(std::string name) { return Server(std::move(name)); }

inline confparse::Upstream upstream_of(std::initializer_list<Server> servers) {
    confparse::Upstream config;
    config.name = "backend";
    for (const Server& s : servers) config.servers.push_back(s.config());
    return config;
}

// A fixed moment: `t` after the clock's epoch.
inline upstream::TimePoint at(std::chrono::milliseconds t) { return upstream::TimePoint{} + t; }

}  // namespace upstream_test
