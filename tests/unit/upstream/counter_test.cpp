#include "upstream/counter.hpp"

#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "fixtures.hpp"
#include "upstream/group.hpp"

using namespace std::chrono_literals;
using namespace upstream;
using namespace upstream_test;

TEST_CASE("a histogram puts a sample in the first bucket whose bound it does not exceed", "[counter]") {
    Histogram h;
    for (double s : {0.0, 0.0005, 0.0006, 0.003, 0.003, 11.0}) h.observe(s);
    HistogramTotals t;
    h.add_to(t);
    CHECK(t.count == 6);
    CHECK(t.buckets[0] == 2);                    // le 0.0005
    CHECK(t.buckets[1] == 1);                    // le 0.001
    CHECK(t.buckets[3] == 2);                    // le 0.005
    CHECK(t.buckets[kLatencyBuckets - 1] == 1);  // above 10 s
    CHECK(t.sum_us == 500 + 600 + 3000 + 3000 + 11000000);
}

TEST_CASE("quantiles are estimated as Prometheus' histogram_quantile", "[counter]") {
    HistogramTotals t;
    CHECK(t.quantile(0.5) == 0.0);
    t.buckets[4] = 10;  // (0.005, 0.01]
    t.count = 10;
    CHECK(t.quantile(0.5) == Approx(0.0075));
    CHECK(t.quantile(1.0) == Approx(0.01));
    t.buckets[kLatencyBuckets - 1] = 90;  // the open bucket: its lower bound is all one can say
    t.count = 100;
    CHECK(t.quantile(0.99) == Approx(10.0));
    CHECK(t.quantile(0.05) == Approx(0.0075));
}

TEST_CASE("response classes and X.509 codes have their slots", "[counter]") {
    CHECK(status_class(200) == 1);
    CHECK(status_class(599) == 4);
    CHECK(status_class(0) == kStatusClasses);
    CHECK(verify_slot(10) == 10);
    CHECK(verify_slot(5000) == kVerifyCodes - 1);
}

TEST_CASE("each worker counts into its own copy and the group sums them", "[counter]") {
    Group group(upstream_of({server("a"), server("b").backup()}), 4);
    const Peer& a = group.primary()[0];
    const Peer& b = group.backup()[0];
    CHECK(b.index == 1);
    std::vector<std::thread> workers;
    for (std::size_t w = 0; w < 4; ++w) {
        workers.emplace_back([&, w] {
            for (int i = 0; i < 1000; ++i) {
                group.counters(w, a).requests.add();
                count_status(group.counters(w, a).responses, 200 + static_cast<int>(w));
                group.counters(w, b).handshakes_resumed.add(2);
            }
        });
    }
    for (auto& t : workers) t.join();
    PeerTotals ta = group.totals(a);
    CHECK(ta.requests == 4000);
    CHECK(ta.responses[1] == 4000);
    CHECK(ta.handshakes_resumed == 0);
    CHECK(group.totals(b).handshakes_resumed == 8000);
    CHECK(&group.counters(0, a) != &group.counters(1, a));
}

TEST_CASE("a peer's health: down, resting after max_fails, up again after fail_timeout", "[counter]") {
    Group group(upstream_of({server("a").max_fails(1).fail_timeout(10s), server("b"), server("c").down()}));
    const Peer& a = group.primary()[0];
    CHECK(group.health(group.primary()[2], at(0ms)) == Health::Down);
    CHECK(group.health(a, at(0ms)) == Health::Up);
    Attempt attempt(group, 0, 0ms, at(0ms));
    REQUIRE(group.select(attempt, at(0ms)).peer == &a);
    group.finish(attempt, Outcome::Failed, at(0ms));
    CHECK(group.health(a, at(1000ms)) == Health::Unavailable);
    CHECK(group.health(a, at(11000ms)) == Health::Up);
    // as nginx: a lone peer is never marked failed
    Group lone(upstream_of({server("x")}));
    Attempt one(lone, 0, 0ms, at(0ms));
    lone.select(one, at(0ms));
    lone.finish(one, Outcome::Failed, at(0ms));
    CHECK(lone.health(lone.primary()[0], at(0ms)) == Health::Up);
}
