#include "upstream/round_robin.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using upstream::Peer;
using upstream::PeerList;
using upstream::TriedSet;

namespace {

Peer peer(std::string name, std::int64_t weight = 1, std::int64_t max_fails = 1) {
    Peer p;
    p.name = std::move(name);
    p.weight = weight;
    p.max_fails = max_fails;
    p.fail_timeout = 10s;
    return p;
}

// `count` picks, each as a new request that succeeds: the names picked, one letter each ("-": none).
std::string picks(PeerList& list, int count, std::chrono::seconds now = 1000s) {
    std::string out;
    for (int i = 0; i < count; ++i) {
        TriedSet tried(list.size());
        auto index = list.pick(tried, now);
        out += index ? list.peers()[*index].name : "-";
        if (index) list.record_success(*index);
    }
    return out;
}

}  // namespace

TEST_CASE("weights 5, 1, 1 give nginx's smooth sequence", "[round_robin]") {
    PeerList list({peer("a", 5), peer("b"), peer("c")});
    CHECK(picks(list, 14) == "aabacaaaabacaa");
}

TEST_CASE("equal weights alternate", "[round_robin]") {
    PeerList list({peer("a"), peer("b"), peer("c")});
    CHECK(picks(list, 7) == "abcabca");
}

TEST_CASE("a down peer is never picked and uses no try", "[round_robin]") {
    Peer b = peer("b");
    b.down = true;
    PeerList list({peer("a"), b, peer("c")});
    CHECK(list.tries() == 2);
    CHECK(picks(list, 4) == "acac");
}

TEST_CASE("a peer at max_conns is passed over until one of its requests ends", "[round_robin]") {
    Peer a = peer("a");
    a.max_conns = 2;
    PeerList list({a, peer("b")});
    list.state(0).conns = 2;
    CHECK(picks(list, 3) == "bbb");
    CHECK_FALSE(list.full(1));  // max_conns=0: no limit
    list.state(0).conns = 1;
    CHECK(picks(list, 2) == "ab");
    list.state(1).conns = 1000;
    CHECK(picks(list, 2) == "ab");
}

TEST_CASE("a request does not get a peer it has tried", "[round_robin]") {
    PeerList list({peer("a", 5), peer("b")});
    TriedSet tried(list.size());
    auto first = list.pick(tried, 1000s);
    auto second = list.pick(tried, 1000s);
    REQUIRE(first);
    REQUIRE(second);
    CHECK(*first == 0);
    CHECK(*second == 1);
    CHECK_FALSE(list.pick(tried, 1000s));
}

TEST_CASE("max_fails failures within fail_timeout take a peer out until fail_timeout has passed", "[round_robin]") {
    PeerList list({peer("a", 1, 2), peer("b", 1, 2)});
    CHECK_FALSE(list.record_failure(0, 1000s));
    CHECK(picks(list, 2, 1000s) == "ab");  // one failure of two allowed: still picked
    CHECK(list.record_failure(0, 1001s));
    CHECK(picks(list, 3, 1001s) == "bbb");
    CHECK(picks(list, 3, 1011s) == "bbb");  // as nginx: `now - checked <= fail_timeout` still rests
    // After fail_timeout the peer is probed again.
    CHECK(picks(list, 2, 1012s).find('a') != std::string::npos);
    CHECK(list.state(0).fails == 0);
}

TEST_CASE("a failed probe rests the peer for another fail_timeout", "[round_robin]") {
    PeerList list({peer("a"), peer("b")});
    CHECK(list.record_failure(0, 1000s));
    TriedSet tried(list.size());
    tried.insert(1);  // the failure took a's effective weight to 0, so b would win the round
    auto probe = list.pick(tried, 1011s);
    REQUIRE(probe);
    REQUIRE(*probe == 0);
    CHECK(list.record_failure(0, 1011s));
    CHECK(picks(list, 4, 1021s) == "bbbb");
    CHECK(picks(list, 2, 1022s).find('a') != std::string::npos);
}

TEST_CASE("a success before fail_timeout has passed does not clear failures", "[round_robin]") {
    PeerList list({peer("a", 1, 3), peer("b", 1, 3)});
    list.record_failure(0, 1000s);
    TriedSet tried(list.size());
    auto index = list.pick(tried, 1005s);
    REQUIRE(index);
    REQUIRE(*index == 0);
    list.record_success(0);
    CHECK(list.state(0).fails == 1);  // as nginx: accessed == checked, so nothing was probed yet

    // Once fail_timeout has passed, the next pick of the peer is a probe and its success clears the count.
    TriedSet later(list.size());
    later.insert(1);
    REQUIRE(list.pick(later, 1011s) == std::optional<std::size_t>(0));
    list.record_success(0);
    CHECK(list.state(0).fails == 0);
}

TEST_CASE("a failure lowers effective_weight by weight/max_fails; picks bring it back", "[round_robin]") {
    PeerList list({peer("a", 6, 3), peer("b", 1, 3)});
    CHECK(list.state(0).effective_weight == 6);
    list.record_failure(0, 1000s);
    CHECK(list.state(0).effective_weight == 4);
    list.record_failure(0, 1000s);
    CHECK(list.state(0).effective_weight == 2);
    // Every pick in which the peer takes part gives back one, up to its weight.
    picks(list, 1, 1000s);
    CHECK(list.state(0).effective_weight == 3);
    picks(list, 10, 1000s);
    CHECK(list.state(0).effective_weight == 6);
}

TEST_CASE("effective_weight does not go below zero", "[round_robin]") {
    PeerList list({peer("a", 1, 1), peer("b")});
    list.record_failure(0, 1000s);
    list.record_failure(0, 1000s);
    CHECK(list.state(0).effective_weight == 0);
}

TEST_CASE("max_fails=0 never takes a peer out", "[round_robin]") {
    PeerList list({peer("a", 1, 0), peer("b", 1, 0)});
    for (int i = 0; i < 5; ++i) CHECK_FALSE(list.record_failure(0, 1000s));
    CHECK(list.state(0).fails == 5);
    CHECK(list.state(0).effective_weight == 1);
    CHECK(picks(list, 4, 1000s) == "abab");
}

TEST_CASE("no peer when every one is down or failed", "[round_robin]") {
    Peer a = peer("a");
    a.down = true;
    PeerList list({a, peer("b")});
    list.record_failure(1, 1000s);
    CHECK(picks(list, 1, 1005s) == "-");
}
