// The consistent hash's points as nginx places them (expected values computed with nginx's formula:
// crc32("HOST\0PORT" + the previous point's four bytes, little-endian), 160 per weight, sorted, unique).
#include "upstream/hash_ring.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

using upstream::HashRing;
using upstream::Peer;

namespace {

Peer peer(std::string server, std::int64_t weight = 1) {
    Peer p;
    p.name = server;
    p.server = std::move(server);
    p.weight = weight;
    return p;
}

// Whether the ring's first point is at `hash`.
bool first_point_at(const HashRing& ring, std::uint32_t hash) {
    return ring.find(hash) == 0 && ring.find(hash + 1) == 1;
}

// Whether the first point of a ring of that one server is at `hash`.
bool server_starts_at(std::string server, std::uint32_t hash) {
    std::vector<Peer> peers{peer(std::move(server))};
    return first_point_at(HashRing(peers), hash);
}

}  // namespace

TEST_CASE("crc32 is nginx's (zlib's)", "[balance]") {
    CHECK(upstream::crc32_of("123456789") == 0xcbf43926u);
    CHECK(upstream::crc32_of("") == 0);
}

TEST_CASE("hash ring: 160 points per weight, sorted, found at or after a hash", "[balance]") {
    std::vector<Peer> peers{peer("127.0.0.1:8081"), peer("127.0.0.1:8082"), peer("127.0.0.1:8083")};
    HashRing ring(peers);
    REQUIRE(ring.size() == 480);
    CHECK(first_point_at(ring, 858133));  // 127.0.0.1:8081's first
    CHECK(ring.server(0) == "127.0.0.1:8081");
    CHECK(ring.find(4291836733u) == 479);
    CHECK(ring.find(4291836734u) == 480);  // past the last point: the walk wraps to the first
    CHECK(ring.server(480) == ring.server(0));
    CHECK(ring.find(upstream::crc32_of("1")) == 254);
    CHECK(ring.find(upstream::crc32_of("abc")) == 115);

    std::vector<Peer> weighted{peer("127.0.0.1:8081"), peer("127.0.0.1:8082"), peer("127.0.0.1:8083", 10)};
    CHECK(HashRing(weighted).size() == 1920);
}

TEST_CASE("hash ring: a server's name splits into host and port as nginx's", "[balance]") {
    CHECK(server_starts_at("[::1]:80", 21534176));
    CHECK(server_starts_at("example.com", 66811680));  // no port: an empty one
    CHECK(server_starts_at("unix:/tmp/s", 32391122));  // a path is all host
}

TEST_CASE("hash ring: the addresses of one server share its points", "[balance]") {
    std::vector<Peer> peers{peer("app:80"), peer("app:80"), peer("other:80")};
    CHECK(HashRing(peers).size() == 320);
}
