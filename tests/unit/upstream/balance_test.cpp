// least_conn and ip_hash over one list of peers, as nginx's modules choose (expected ip_hash choices
// computed with nginx's formula: hash = (hash * 113 + byte) % 6271 from 89, then by weight).
#include "upstream/round_robin.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using upstream::Peer;
using upstream::PeerList;
using upstream::TriedSet;

namespace {

Peer peer(std::string name, std::int64_t weight = 1) {
    Peer p;
    p.name = std::move(name);
    p.weight = weight;
    return p;
}

std::string least_conn_picks(PeerList& list, int count) {
    std::string out;
    for (int i = 0; i < count; ++i) {
        TriedSet tried(list.size());
        auto index = list.pick_least_conn(tried, 1000s);
        out += index ? list.peers()[*index].name : "-";
    }
    return out;
}

// The peer ip_hash gives a client, with the rehashes it took.
std::pair<std::string, int> ip_hash_pick(PeerList& list, std::vector<std::uint8_t> address, TriedSet& tried) {
    unsigned hash = 89;
    int rehashes = 0;
    auto index = list.pick_ip_hash(tried, 1000s, address, hash, rehashes);
    return {index ? list.peers()[*index].name : "-", rehashes};
}

}  // namespace

TEST_CASE("least_conn: the fewest requests for the weight", "[balance]") {
    PeerList list({peer("a"), peer("b", 2), peer("c")});
    list.state(0).conns = 2;
    list.state(1).conns = 3;  // 1.5 per weight
    list.state(2).conns = 1;
    CHECK(least_conn_picks(list, 1) == "c");
    list.state(2).conns = 2;  // c as a: 2; b: 1.5
    CHECK(least_conn_picks(list, 1) == "b");
}

TEST_CASE("least_conn: ties go round-robin by weight, skipping tried and down peers", "[balance]") {
    PeerList even({peer("a"), peer("b"), peer("c")});
    CHECK(least_conn_picks(even, 6) == "abcabc");
    Peer down = peer("b");
    down.down = true;
    PeerList with_down({peer("a"), down, peer("c")});
    CHECK(least_conn_picks(with_down, 4) == "acac");
    TriedSet tried(even.size());
    tried.insert(0);
    CHECK(*even.pick_least_conn(tried, 1000s) != 0);
}

TEST_CASE("ip_hash: a client keeps its peer, by the first three bytes of IPv4", "[balance]") {
    PeerList list({peer("a"), peer("b"), peer("c")});
    TriedSet t1(3), t2(3), t3(3);
    CHECK(ip_hash_pick(list, {127, 0, 0}, t1) == std::pair<std::string, int>{"c", 0});
    CHECK(ip_hash_pick(list, {127, 0, 0}, t2) == std::pair<std::string, int>{"c", 0});
    CHECK(ip_hash_pick(list, {10, 1, 2}, t3).first == "b");
    PeerList weighted({peer("a", 5), peer("b"), peer("c")});
    TriedSet t4(3);
    CHECK(ip_hash_pick(weighted, {127, 0, 0}, t4).first == "a");
}

TEST_CASE("ip_hash: a peer that cannot be used is rehashed past, up to 20 times", "[balance]") {
    PeerList list({peer("a"), peer("b"), peer("c")});
    TriedSet tried(3);
    tried.insert(2);  // the client's own peer, c, was tried
    CHECK(ip_hash_pick(list, {127, 0, 0}, tried) == std::pair<std::string, int>{"b", 2});
    TriedSet all(3);
    for (std::size_t i = 0; i < 3; ++i) all.insert(i);
    CHECK(ip_hash_pick(list, {127, 0, 0}, all) == std::pair<std::string, int>{"-", 21});
}
