#pragma once
// nginx's resolver for proxy_pass with variables: asks the `resolver` name servers over UDP for a name's
// A records (and AAAA unless ipv6=off), resending every 5 seconds to the next server until
// resolver_timeout, and keeps each answer for its TTL (or valid=). One per worker thread: its cache and
// its queries are that worker's alone, so nothing is locked.
#include <chrono>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "confparse/config.hpp"
#include "proxy/net.hpp"

namespace proxy {

struct Resolution {
    int state = 0;                       // 0, a DNS response code, or upstream::dns::kTimedOut
    std::vector<std::string> addresses;  // numeric, IPv4 first as nginx exports them
    std::uint32_t ttl = UINT32_MAX;      // the smallest TTL of the answers (and aliases) it came from
};

class Resolver {
public:
    net::awaitable<Resolution> resolve(const confparse::ResolverSettings& settings, std::string name,
                                       confparse::Msec timeout);

private:
    struct Cached {
        std::vector<std::string> addresses;
        std::chrono::steady_clock::time_point expires;
    };
    net::awaitable<Resolution> ask(const confparse::ResolverSettings& settings, std::string name,
                                   std::chrono::steady_clock::time_point deadline);

    std::unordered_map<std::string, Cached> cache_;
    std::mt19937 random_{std::random_device{}()};
    // as nginx: the servers of each resolver take turns, from its first (by the servers' list)
    std::unordered_map<std::string, std::size_t> next_server_;
};

}  // namespace proxy
