// least_conn, ip_hash, hash and random over one list of peers, as nginx's modules choose (expected
// choices computed with nginx's formulas: ip_hash's hash = (hash * 113 + byte) % 6271 from 89, then by
// weight; hash's sum of (crc32([REHASH] KEY) >> 16) & 0x7fff, by weight; the consistent hash's points).
#include "upstream/round_robin.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "upstream/hash_ring.hpp"

using namespace std::chrono_literals;
using upstream::HashRing;
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

// hash's choice of peer for a key, with the peers passed over.
std::pair<std::string, int> hash_pick(PeerList& list, std::string_view key, TriedSet& tried) {
    unsigned hash = 0;
    unsigned hashed = 0;
    int rehashes = 0;
    auto index = list.pick_hash(tried, 1000s, key, hash, hashed, rehashes);
    return {index ? list.peers()[*index].name : "-", rehashes};
}

// The peers hash gives the keys "1" to "count", one letter each.
std::string hash_picks(PeerList& list, int count) {
    std::string out;
    for (int key = 1; key <= count; ++key) {
        TriedSet tried(list.size());
        out += hash_pick(list, std::to_string(key), tried).first;
    }
    return out;
}

// Peers on 127.0.0.1 named by letter: "a" at port 8081, "b" at 8082, ... (the consistent hash places
// them by their server's name, as written).
std::vector<Peer> local_peers(std::vector<std::pair<std::string, std::int64_t>> letters) {
    std::vector<Peer> peers;
    for (auto& [letter, weight] : letters) {
        Peer& p = peers.emplace_back(peer(letter, weight));
        p.server = "127.0.0.1:" + std::to_string(8081 + (letter[0] - 'a'));
    }
    return peers;
}

// The consistent hash's choice for a key, with the points passed over.
std::pair<std::string, int> consistent_pick(PeerList& list, const HashRing& ring, std::string_view key,
                                            TriedSet& tried) {
    unsigned point = static_cast<unsigned>(ring.find(upstream::crc32_of(key)));
    int rehashes = 0;
    auto index = list.pick_consistent(tried, 1000s, ring, point, rehashes);
    return {index ? list.peers()[*index].name : "-", rehashes};
}

std::string consistent_picks(std::vector<Peer> peers, int count) {
    PeerList list(std::move(peers));
    HashRing ring(list.peers());
    std::string out;
    for (int key = 1; key <= count; ++key) {
        TriedSet tried(list.size());
        out += consistent_pick(list, ring, std::to_string(key), tried).first;
    }
    return out;
}

// How many times random picks each peer in `count` requests (a fixed seed: the same every run).
std::map<std::string, int> random_counts(PeerList& list, bool two, int count) {
    std::mt19937 random(12345);
    std::map<std::string, int> counts;
    for (int i = 0; i < count; ++i) {
        TriedSet tried(list.size());
        int rehashes = 0;
        auto index = list.pick_random(tried, 1000s, random, two, rehashes);
        ++counts[index ? list.peers()[*index].name : "-"];
    }
    return counts;
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

TEST_CASE("hash: keys spread by nginx's crc32 formula and the weights", "[balance]") {
    PeerList even({peer("a"), peer("b"), peer("c")});
    CHECK(hash_picks(even, 20) == "bcbabaaccacaccbcabbc");
    PeerList two({peer("a"), peer("c")});
    CHECK(hash_picks(two, 20) == "acaacacaccacaacacaca");
    PeerList weighted({peer("a", 5), peer("b"), peer("c")});
    CHECK(hash_picks(weighted, 20) == "aaabaccbaaaaaaaaaabb");
    CHECK(hash_picks(weighted, 20) == "aaabaccbaaaaaaaaaabb");  // the same key, the same peer
}

TEST_CASE("hash: a peer that cannot be used is hashed past, up to 20 times", "[balance]") {
    PeerList list({peer("a"), peer("b"), peer("c")});
    TriedSet t1(3), t2(3), t3(3);
    t1.insert(1);  // key "1"'s peer, b, was tried: "11" hashed next
    CHECK(hash_pick(list, "1", t1) == std::pair<std::string, int>{"a", 1});
    t2.insert(2);  // key "2"'s, c
    CHECK(hash_pick(list, "2", t2) == std::pair<std::string, int>{"a", 2});
    for (std::size_t i = 0; i < 3; ++i) t3.insert(i);
    CHECK(hash_pick(list, "1", t3) == std::pair<std::string, int>{"-", 21});
    Peer down = peer("b");
    down.down = true;
    PeerList with_down({peer("a"), down, peer("c")});
    TriedSet t4(3);
    CHECK(hash_pick(with_down, "1", t4) == std::pair<std::string, int>{"a", 1});
}

TEST_CASE("hash: the hashes carry from try to try of one request", "[balance]") {
    PeerList list({peer("a"), peer("b"), peer("c")});
    TriedSet tried(3);
    unsigned hash = 0;
    unsigned hashed = 0;
    int rehashes = 0;
    CHECK(list.peers()[*list.pick_hash(tried, 1000s, "1", hash, hashed, rehashes)].name == "b");
    CHECK(hash == 988);
    // the next try hashes "11" on from there, as it would after b was passed over
    CHECK(list.peers()[*list.pick_hash(tried, 1000s, "1", hash, hashed, rehashes)].name == "a");
    CHECK(hash == 23094);
    CHECK(hashed == 2);
    CHECK(rehashes == 0);
}

TEST_CASE("hash consistent: keys go to the server of the next point", "[balance]") {
    CHECK(consistent_picks(local_peers({{"a", 1}, {"b", 1}, {"c", 1}}), 20) == "acacacababaababbcaab");
    CHECK(consistent_picks(local_peers({{"a", 1}, {"c", 1}}), 20) == "acacacacaaaaaaaccaaa");
    CHECK(consistent_picks(local_peers({{"a", 1}, {"b", 1}, {"c", 10}}), 20) == "cccccccbcccccccccccc");
}

TEST_CASE("hash consistent: removing a server moves only its own keys", "[balance]") {
    std::string three = consistent_picks(local_peers({{"a", 1}, {"b", 1}, {"c", 1}}), 200);
    std::string two = consistent_picks(local_peers({{"a", 1}, {"c", 1}}), 200);
    int moved = 0;
    for (std::size_t i = 0; i < three.size(); ++i) {
        if (three[i] != 'b') CHECK(three[i] == two[i]);
        moved += three[i] == 'b';
    }
    CHECK(moved > 30);  // b had its share, and those keys went elsewhere
}

TEST_CASE("hash consistent: past a server not usable to the next point's, up to 20", "[balance]") {
    PeerList list(local_peers({{"a", 1}, {"b", 1}, {"c", 1}}));
    HashRing ring(list.peers());
    TriedSet t1(3), t2(3), t3(3);
    t1.insert(0);  // key "1"'s server, a
    CHECK(consistent_pick(list, ring, "1", t1) == std::pair<std::string, int>{"b", 1});
    t2.insert(2);  // key "2"'s, c
    CHECK(consistent_pick(list, ring, "2", t2) == std::pair<std::string, int>{"a", 4});
    for (std::size_t i = 0; i < 3; ++i) t3.insert(i);
    CHECK(consistent_pick(list, ring, "1", t3) == std::pair<std::string, int>{"-", 21});
}

TEST_CASE("hash consistent: a server's addresses take its keys in turn", "[balance]") {
    std::vector<Peer> peers{peer("x"), peer("y"), peer("z")};
    peers[0].server = peers[1].server = "app:80";
    peers[2].server = "other:80";
    PeerList list(std::move(peers));
    HashRing ring(list.peers());
    std::string out;
    for (int i = 0; i < 4; ++i) {
        TriedSet tried(3);
        out += consistent_pick(list, ring, "2", tried).first;  // "2" falls on app:80
    }
    CHECK(out == "xyxy");
}

TEST_CASE("random: peers drawn by weight, never a down one", "[balance]") {
    Peer down = peer("c", 5);
    down.down = true;
    PeerList list({peer("a"), peer("b", 3), down});
    auto counts = random_counts(list, false, 4000);
    CHECK(counts.count("c") == 0);
    CHECK(counts.count("-") == 0);
    // b has three times a's weight: about 3000 of 4000
    CHECK(counts["b"] > 2700);
    CHECK(counts["b"] < 3300);
}

TEST_CASE("random two: the one of two with fewer requests for its weight", "[balance]") {
    PeerList list({peer("a"), peer("b"), peer("c")});
    list.state(1).conns = 5;
    auto counts = random_counts(list, true, 1000);
    CHECK(counts.count("b") == 0);  // b is always drawn with a or c, which are idle
    CHECK(counts["a"] > 400);
    CHECK(counts["c"] > 400);
    // per weight: a 4, b 5, c 1 (weight 2)
    PeerList weighted({peer("a"), peer("b"), peer("c", 2)});
    weighted.state(0).conns = 4;
    weighted.state(1).conns = 5;
    weighted.state(2).conns = 2;
    auto weighted_counts = random_counts(weighted, true, 1000);
    CHECK(weighted_counts.count("b") == 0);
    CHECK(weighted_counts["c"] > weighted_counts["a"]);
}

TEST_CASE("random: nothing after 20 draws without a usable peer", "[balance]") {
    PeerList list({peer("a"), peer("b")});
    std::mt19937 random(1);
    for (bool two : {false, true}) {
        TriedSet tried(2);
        tried.insert(0);
        tried.insert(1);
        int rehashes = 0;
        CHECK_FALSE(list.pick_random(tried, 1000s, random, two, rehashes));
        CHECK(rehashes == 21);
    }
    // two, with one peer left: no second to compare with, so round-robin takes over
    TriedSet tried(2);
    tried.insert(0);
    int rehashes = 0;
    CHECK_FALSE(list.pick_random(tried, 1000s, random, true, rehashes));
}

TEST_CASE("every method passes over a peer at max_conns", "[balance]") {
    auto limited = [](std::vector<Peer> peers, std::size_t full) {
        peers[full].max_conns = 3;
        PeerList list(std::move(peers));
        list.state(full).conns = 3;
        return list;
    };
    // least_conn: a would have the fewest requests; b and c, tied, take turns
    PeerList fewest = limited({peer("a"), peer("b"), peer("c")}, 0);
    fewest.state(1).conns = fewest.state(2).conns = 4;
    CHECK(least_conn_picks(fewest, 4) == "bcbc");
    // ip_hash: 127.0.0.x's peer, c, rehashed past as if tried
    PeerList sticky = limited({peer("a"), peer("b"), peer("c")}, 2);
    TriedSet t1(3);
    CHECK(ip_hash_pick(sticky, {127, 0, 0}, t1) == std::pair<std::string, int>{"b", 2});
    // hash: key "1"'s peer, b
    PeerList keyed = limited({peer("a"), peer("b"), peer("c")}, 1);
    TriedSet t2(3);
    CHECK(hash_pick(keyed, "1", t2) == std::pair<std::string, int>{"a", 1});
    // hash consistent: key "1"'s server, a
    PeerList ringed = limited(local_peers({{"a", 1}, {"b", 1}, {"c", 1}}), 0);
    HashRing ring(ringed.peers());
    TriedSet t3(3);
    CHECK(consistent_pick(ringed, ring, "1", t3) == std::pair<std::string, int>{"b", 1});
    // random and random two: never the full one
    PeerList drawn = limited({peer("a"), peer("b", 3), peer("c")}, 1);
    CHECK(random_counts(drawn, false, 200).count("b") == 0);
    CHECK(random_counts(drawn, true, 200).count("b") == 0);
}
