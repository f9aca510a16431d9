// DNS queries as nginx's resolver sends them and the responses it reads.
#include "upstream/dns_message.hpp"

#include <catch2/catch.hpp>

#include <vector>

namespace dns = upstream::dns;

namespace {

using Bytes = std::vector<std::uint8_t>;

void put16(Bytes& m, unsigned v) {
    m.push_back(static_cast<std::uint8_t>(v >> 8));
    m.push_back(static_cast<std::uint8_t>(v & 0xff));
}

// A response to the query `id` for "example.com" of `type`, with `answers` already encoded.
Bytes response(std::uint16_t id, unsigned flags, std::uint16_t type, unsigned count, const Bytes& answers) {
    std::string q = dns::encode_query(id, "example.com", type);
    Bytes m(q.begin(), q.end());
    m[2] = static_cast<std::uint8_t>(flags >> 8);
    m[3] = static_cast<std::uint8_t>(flags & 0xff);
    m[7] = static_cast<std::uint8_t>(count);
    m.insert(m.end(), answers.begin(), answers.end());
    return m;
}

// One record named by a pointer to the question's name.
Bytes record(std::uint16_t type, std::uint32_t ttl, const Bytes& data) {
    Bytes r;
    put16(r, 0xc00c);
    put16(r, type);
    put16(r, 1);
    put16(r, ttl >> 16);
    put16(r, ttl & 0xffff);
    put16(r, static_cast<unsigned>(data.size()));
    r.insert(r.end(), data.begin(), data.end());
    return r;
}

}  // namespace

TEST_CASE("dns: a query is a recursive question of one name and type", "[dns]") {
    std::string q = dns::encode_query(0x1234, "www.Example.com.", dns::kTypeAaaa);
    const std::string expected("\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00"
                               "\x03www\x07" "Example\x03" "com\x00\x00\x1c\x00\x01", 33);
    CHECK(q == expected);
    CHECK(dns::encode_query(1, "a..b", dns::kTypeA).empty());
    CHECK(dns::encode_query(1, "", dns::kTypeA).empty());
    CHECK(dns::encode_query(1, std::string(64, 'a') + ".com", dns::kTypeA).empty());
    const std::string label(63, 'a');
    CHECK(dns::encode_query(1, label + "." + label + "." + label + "." + label, dns::kTypeA).size() == 12 + 257 + 4);
    CHECK(dns::encode_query(1, label + "." + label + "." + label + "." + label + ".a", dns::kTypeA).empty());
}

TEST_CASE("dns: addresses and the smallest TTL of an answer", "[dns]") {
    Bytes answers = record(dns::kTypeA, 3600, {127, 0, 0, 1});
    Bytes second = record(dns::kTypeA, 60, {192, 0, 2, 7});
    answers.insert(answers.end(), second.begin(), second.end());
    Bytes m = response(7, 0x8180, dns::kTypeA, 2, answers);
    dns::Response r;
    std::string error;
    REQUIRE(dns::decode_response(m, 7, "EXAMPLE.com", dns::kTypeA, r, error) == dns::Decoded::Ok);
    CHECK(r.rcode == 0);
    CHECK(r.addresses == std::vector<std::string>{"127.0.0.1", "192.0.2.7"});
    CHECK(r.ttl == 60);

    Bytes six(16, 0);
    six[15] = 1;
    Bytes m6 = response(8, 0x8180, dns::kTypeAaaa, 1, record(dns::kTypeAaaa, 5, six));
    REQUIRE(dns::decode_response(m6, 8, "example.com", dns::kTypeAaaa, r, error) == dns::Decoded::Ok);
    CHECK(r.addresses == std::vector<std::string>{"::1"});
}

TEST_CASE("dns: another id, name or type is not the answer; a bad record is invalid", "[dns]") {
    Bytes m = response(7, 0x8180, dns::kTypeA, 1, record(dns::kTypeA, 10, {127, 0, 0, 1}));
    dns::Response r;
    std::string error;
    CHECK(dns::decode_response(m, 8, "example.com", dns::kTypeA, r, error) == dns::Decoded::NotOurs);
    CHECK(dns::decode_response(m, 7, "example.org", dns::kTypeA, r, error) == dns::Decoded::NotOurs);
    CHECK(dns::decode_response(m, 7, "example.com", dns::kTypeAaaa, r, error) == dns::Decoded::NotOurs);
    Bytes query = response(7, 0x0100, dns::kTypeA, 0, {});
    CHECK(dns::decode_response(query, 7, "example.com", dns::kTypeA, r, error) == dns::Decoded::NotOurs);

    Bytes bad = response(7, 0x8180, dns::kTypeA, 1, record(dns::kTypeA, 10, {127, 0, 1}));
    CHECK(dns::decode_response(bad, 7, "example.com", dns::kTypeA, r, error) == dns::Decoded::Invalid);
    CHECK(error == "invalid A record in DNS response");
    Bytes cut = response(7, 0x8180, dns::kTypeA, 2, record(dns::kTypeA, 10, {127, 0, 0, 1}));
    CHECK(dns::decode_response(cut, 7, "example.com", dns::kTypeA, r, error) == dns::Decoded::Invalid);
}

TEST_CASE("dns: an error code, and an alias without addresses", "[dns]") {
    dns::Response r;
    std::string error;
    Bytes nx = response(9, 0x8183, dns::kTypeA, 0, {});
    REQUIRE(dns::decode_response(nx, 9, "example.com", dns::kTypeA, r, error) == dns::Decoded::Ok);
    CHECK(r.rcode == 3);
    CHECK(std::string(dns::state_text(r.rcode)) == "Host not found");
    CHECK(std::string(dns::state_text(dns::kTimedOut)) == "Operation timed out");

    // "example.com CNAME www.example.com", the target compressed against the question's name
    Bytes m = response(9, 0x8180, dns::kTypeA, 1, record(dns::kTypeCname, 300, {3, 'w', 'w', 'w', 0xc0, 0x0c}));
    REQUIRE(dns::decode_response(m, 9, "example.com", dns::kTypeA, r, error) == dns::Decoded::Ok);
    CHECK(r.addresses.empty());
    CHECK(r.cname == "www.example.com");
    CHECK(r.ttl == 300);
}
