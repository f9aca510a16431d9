#include "upstream/group.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "fixtures.hpp"

using namespace std::chrono_literals;
using namespace upstream;
using namespace upstream_test;

namespace {

// One request that takes one peer and ends with `outcome`: the peer's name, or "-" for no live upstreams.
std::string request(Group& group, Outcome outcome, TimePoint now) {
    Attempt attempt(group, 0, 0ms, now);
    upstream::Pick pick = group.select(attempt, now);
    if (!pick) return "-";
    group.finish(attempt, outcome, now);
    return pick.peer->name;
}

std::string requests(Group& group, int count, TimePoint now) {
    std::string out;
    for (int i = 0; i < count; ++i) out += request(group, Outcome::Success, now) + " ";
    return out;
}

}  // namespace

TEST_CASE("each resolved address of a server is a peer with the server's settings", "[group]") {
    Group group(upstream_of({server("app").weight(3).max_fails(2).fail_timeout(30s).addresses({"10.0.0.1:80", "10.0.0.2:80"}),
                            server("spare").backup().addresses({"10.0.1.1:80", "[::1]:80"}),
                            server("10.0.0.3:80").down()}));
    REQUIRE(group.primary().size() == 3);
    REQUIRE(group.backup().size() == 2);
    CHECK(group.name() == "backend");
    CHECK(group.primary()[0].name == "10.0.0.1:80");
    CHECK(group.primary()[1].name == "10.0.0.2:80");
    CHECK(group.primary()[1].server == "app");
    CHECK(group.primary()[1].weight == 3);
    CHECK(group.primary()[1].max_fails == 2);
    CHECK(group.primary()[1].fail_timeout == 30s);
    CHECK(group.primary()[2].down);
    CHECK(group.backup()[1].name == "[::1]:80");
    CHECK(group.backup()[1].backup);
    CHECK(group.tries() == 4);  // down peers are not counted
    CHECK(group.state(group.primary()[0]).effective_weight == 3);
}

TEST_CASE("a multi-address server shares its turns between its addresses", "[group]") {
    Group group(upstream_of({server("app").weight(2).addresses({"10.0.0.1:80", "10.0.0.2:80"}),
                            server("10.0.0.3:80")}));
    CHECK(requests(group, 5, at(1000s)) == "10.0.0.1:80 10.0.0.2:80 10.0.0.3:80 10.0.0.1:80 10.0.0.2:80 ");
}

TEST_CASE("weights 5, 1, 1 across requests give nginx's sequence", "[group]") {
    Group group(upstream_of({server("a").weight(5), server("b"), server("c")}));
    CHECK(requests(group, 7, at(1000s)) == "a a b a c a a ");
}

TEST_CASE("a single peer is never marked failed and never retried", "[group]") {
    Group group(upstream_of({server("only")}));
    for (int i = 0; i < 5; ++i) {
        Attempt attempt(group, 0, 0ms, at(1000s));
        upstream::Pick pick = group.select(attempt, at(1000s));
        REQUIRE(pick);
        CHECK_FALSE(group.finish(attempt, Outcome::Failed, at(1000s)).temporarily_disabled);
        CHECK_FALSE(attempt.may_try_another(at(1000s)));
    }
    const upstream::PeerState state = group.state(group.primary()[0]);
    CHECK(state.fails == 0);
    CHECK(state.failures == 0);  // as nginx: a single peer's failures are not even counted
    CHECK(state.conns == 0);
    CHECK(state.picks == 5);
}

TEST_CASE("a single peer is given again when a cached connection's error spares the try", "[group]") {
    Group group(upstream_of({server("only")}));
    Attempt attempt(group, 0, 0ms, at(1000s));
    REQUIRE(group.select(attempt, at(1000s)));
    group.finish(attempt, Outcome::Failed, at(1000s));
    attempt.spare_try();
    REQUIRE(attempt.may_try_another(at(1000s)));
    CHECK(group.select(attempt, at(1000s)).peer == &group.primary()[0]);
}

TEST_CASE("a single peer marked down gives no live upstreams", "[group]") {
    Group group(upstream_of({server("only").down()}));
    Attempt attempt(group, 0, 0ms, at(1000s));
    upstream::Pick pick = group.select(attempt, at(1000s));
    CHECK_FALSE(pick);
    CHECK(pick.error() == upstream::Errc::no_live_upstreams);
    CHECK(pick.error().message() == "no live upstreams");
}

TEST_CASE("a lone primary with a backup is marked failed like any other", "[group]") {
    Group group(upstream_of({server("a"), server("b").backup()}));
    CHECK(request(group, Outcome::Failed, at(1000s)) == "a");
    CHECK(requests(group, 2, at(1005s)) == "b b ");
    CHECK(requests(group, 2, at(1011s)) == "a a ");
}

TEST_CASE("backups serve only while every primary is unavailable, then the primaries return", "[group]") {
    Group group(upstream_of({server("a"), server("b").down(), server("c"),
                             server("x").backup(), server("y").backup()}));
    CHECK(requests(group, 4, at(1000s)) == "a c a c ");

    CHECK(request(group, Outcome::Failed, at(1000s)) == "a");
    CHECK(request(group, Outcome::Failed, at(1000s)) == "c");
    CHECK(requests(group, 3, at(1005s)) == "x y x ");
    // fail_timeout (10s) passed: the primaries are probed, their successes make them live again. Their
    // effective weights fell to 0 on failure and climb back, so the order is not plain alternation yet.
    CHECK(requests(group, 4, at(1011s)) == "c c a c ");
    CHECK(group.state(group.primary()[0]).fails == 0);
    CHECK(group.state(group.primary()[2]).fails == 0);
    CHECK(requests(group, 4, at(1012s)) == "a c a c ");
}

TEST_CASE("a request moves to the backups after trying every primary, and stays there", "[group]") {
    Group group(upstream_of({server("a"), server("b"), server("x").backup(), server("y").backup()}));
    Attempt attempt(group, 0, 0ms, at(1000s));
    CHECK(attempt.tries_left() == 4);
    std::string order;
    while (attempt.may_try_another(at(1000s))) {
        upstream::Pick pick = group.select(attempt, at(1000s));
        if (!pick) break;
        order += pick.peer->name;
        group.finish(attempt, Outcome::Next, at(1000s));
    }
    CHECK(order == "abxy");
    CHECK(attempt.on_backup());
    CHECK(attempt.tries_left() == 0);
    // Not blamed: Next does not mark anyone failed.
    CHECK(group.state(group.primary()[0]).fails == 0);
}

TEST_CASE("every peer tried or failed gives no live upstreams", "[group]") {
    Group group(upstream_of({server("a"), server("b"), server("x").backup()}));
    for (int i = 0; i < 3; ++i) request(group, Outcome::Failed, at(1000s));
    Attempt attempt(group, 0, 0ms, at(1001s));
    upstream::Pick pick = group.select(attempt, at(1001s));
    CHECK(pick.error() == upstream::Errc::no_live_upstreams);
    CHECK(attempt.on_backup());
    CHECK(attempt.current() == nullptr);
}

TEST_CASE("finish reports when a peer reaches max_fails", "[group]") {
    Group group(upstream_of({server("a").max_fails(2), server("b").max_fails(2)}));
    auto fail_a = [&](TimePoint now) {
        Attempt attempt(group, 0, 0ms, now);
        while (group.select(attempt, now).peer->name != "a") group.finish(attempt, Outcome::Success, now);
        return group.finish(attempt, Outcome::Failed, now).temporarily_disabled;
    };
    CHECK_FALSE(fail_a(at(1000s)));
    CHECK(fail_a(at(1001s)));
    CHECK(requests(group, 3, at(1002s)) == "b b b ");
    CHECK(group.state(group.primary()[0]).failures == 2);
}

TEST_CASE("connections in use are counted per peer", "[group]") {
    Group group(upstream_of({server("a"), server("b")}));
    Attempt first(group, 0, 0ms, at(1000s));
    Attempt second(group, 0, 0ms, at(1000s));
    const upstream::Peer* a = group.select(first, at(1000s)).peer;
    group.select(second, at(1000s));
    Attempt third(group, 0, 0ms, at(1000s));
    CHECK(group.select(third, at(1000s)).peer == a);
    CHECK(group.state(*a).conns == 2);
    group.finish(first, Outcome::Success, at(1000s));
    group.finish(first, Outcome::Success, at(1000s));  // a second finish of one try changes nothing
    CHECK(group.state(*a).conns == 1);
    CHECK(first.current() == nullptr);
}

TEST_CASE("two threads picking at once keep the counts the weights ask for", "[group][threads]") {
    Group group(upstream_of({server("a").weight(3), server("b").weight(2), server("c")}));
    constexpr int kPerThread = 6000;  // a multiple of the total weight, 6
    auto work = [&group](std::map<std::string, int>& counts) {
        for (int i = 0; i < kPerThread; ++i) {
            Attempt attempt(group, 0, 0ms, at(1000s));
            upstream::Pick pick = group.select(attempt, at(1000s));
            if (!pick) continue;
            ++counts[pick.peer->name];
            group.finish(attempt, Outcome::Success, at(1000s));
        }
    };
    std::map<std::string, int> one, two;
    std::thread t1(work, std::ref(one));
    std::thread t2(work, std::ref(two));
    t1.join();
    t2.join();
    CHECK(one["a"] + two["a"] == 6000);
    CHECK(one["b"] + two["b"] == 4000);
    CHECK(one["c"] + two["c"] == 2000);
    for (const upstream::Peer& peer : group.primary()) {
        const upstream::PeerState state = group.state(peer);
        CHECK(state.conns == 0);
        CHECK(state.current_weight == 0);  // whole rounds: the smooth sequence is back where it began
    }
}

TEST_CASE("max_conns: a single peer with all its requests in use gives no live upstreams", "[group]") {
    Group group(upstream_of({server("only").max_conns(1)}));
    Attempt first(group, 0, 0ms, at(1000s));
    REQUIRE(group.select(first, at(1000s)));
    Attempt second(group, 0, 0ms, at(1000s));
    CHECK(group.select(second, at(1000s)).error() == upstream::Errc::no_live_upstreams);
    group.finish(first, Outcome::Success, at(1000s));
    Attempt third(group, 0, 0ms, at(1000s));
    CHECK(group.select(third, at(1000s)));
}

TEST_CASE("max_conns: the backups take the requests the full primaries cannot", "[group]") {
    Group group(upstream_of({server("a").max_conns(1), server("b").max_conns(2), server("x").backup().max_conns(1)}));
    std::vector<std::unique_ptr<Attempt>> held;
    std::string order;
    for (int i = 0; i < 5; ++i) {
        held.push_back(std::make_unique<Attempt>(group, 0, 0ms, at(1000s)));
        upstream::Pick pick = group.select(*held.back(), at(1000s));
        order += pick ? pick.peer->name : "-";
    }
    CHECK(order == "abbx-");
    CHECK(held[3]->on_backup());
    // a full peer is neither failed nor tried: once a request ends, it serves again
    group.finish(*held[0], Outcome::Success, at(1000s));
    CHECK(request(group, Outcome::Success, at(1000s)) == "a");
    CHECK(group.state(group.primary()[0]).fails == 0);
}

TEST_CASE("max_conns counts a retried request at its new peer only", "[group]") {
    Group group(upstream_of({server("a").max_conns(1), server("b").max_conns(1)}));
    Attempt attempt(group, 0, 0ms, at(1000s));
    REQUIRE(group.select(attempt, at(1000s)).peer->name == "a");
    group.finish(attempt, Outcome::Next, at(1000s));
    REQUIRE(group.select(attempt, at(1000s)).peer->name == "b");
    // a was given back by the first try, so it takes another request while b is busy
    CHECK(request(group, Outcome::Success, at(1000s)) == "a");
    Attempt other(group, 0, 0ms, at(1000s));
    REQUIRE(group.select(other, at(1000s)).peer->name == "a");
    Attempt last(group, 0, 0ms, at(1000s));
    CHECK_FALSE(group.select(last, at(1000s)));
}
