#include <catch2/catch.hpp>

#include <string>

#include "proxy/proxy_protocol.hpp"

using proxy::read_proxy_protocol;

namespace {

const std::string kRequest = "GET / HTTP/1.0\r\n\r\n";

// A version 2 header: `command` (version in the high bits), `family` (family and transport), the body.
std::string v2(unsigned char command, unsigned char family, const std::string& body) {
    std::string h("\r\n\r\n\0\r\nQUIT\n", 12);
    h += static_cast<char>(command);
    h += static_cast<char>(family);
    h += static_cast<char>(body.size() >> 8);
    h += static_cast<char>(body.size() & 0xff);
    return h + body;
}

const std::string kInet4Body("\x09\x08\x07\x06\x05\x04\x03\x02\x11\x5c\x00\x50", 12);  // 9.8.7.6:4444 -> 5.4.3.2:80

}  // namespace

TEST_CASE("a version 1 header names the client and the server as written, and ends at its CRLF") {
    std::string header = "PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\r\n";
    auto h = read_proxy_protocol(header + kRequest);
    REQUIRE(h.size == header.size());
    REQUIRE(h.addresses);
    CHECK(h.addresses->src_addr == "1.2.3.4");
    CHECK(h.addresses->dst_addr == "5.6.7.8");
    CHECK(h.addresses->src_port == 1111);
    CHECK(h.addresses->dst_port == 2222);
    CHECK(h.error.empty());

    auto six = read_proxy_protocol("PROXY TCP6 ::1 2001:DB8::2 1 0\r\n");
    REQUIRE(six.addresses);
    CHECK(six.addresses->src_addr == "::1");
    CHECK(six.addresses->dst_addr == "2001:DB8::2");  // as nginx: kept as written
    CHECK(six.addresses->dst_port == 0);
}

TEST_CASE("a version 1 UNKNOWN header is skipped to its CRLF and names nothing") {
    std::string header = "PROXY UNKNOWN anything at all\r\n";
    auto h = read_proxy_protocol(header + kRequest);
    CHECK(h.size == header.size());
    CHECK_FALSE(h.addresses);
    CHECK(read_proxy_protocol("PROXY UNKNOWN\r\n").size == 15);
}

TEST_CASE("what is no whole version 1 header is nginx's broken header, quoting all that was read") {
    for (std::string bad :
         {std::string("GET / HTTP/1.0\r\n\r\n"), std::string("PROXY TCP4 zz 1.2.3.4 1 2\r\n"),
          std::string("PROXY TCP4 1.2.3.4 5.6.7.8 1111 65536\r\n"),
          std::string("PROXY TCP4 1.2.3.4 5.6.7.8 1111 22x2\r\n"), std::string("PROXY TCP4 1.2.3.4 5.6.7.8  2222\r\n"),
          std::string("PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\rGET"),
          std::string("PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\r"), std::string("PROXY TCP5 a b 1 2\r\n"),
          std::string("PROXY UNKNOWN no end"), std::string("PROXY TCP4 1.2.3.4 5.6"), std::string("PROXY "),
          std::string()}) {
        INFO(bad);
        auto h = read_proxy_protocol(bad);
        CHECK(h.size == 0);
        CHECK_FALSE(h.addresses);
        CHECK(h.error == "broken header: \"" + bad + "\"");
    }
}

TEST_CASE("a version 2 header names addresses for PROXY over TCP, and its TLVs are skipped") {
    auto h = read_proxy_protocol(v2(0x21, 0x11, kInet4Body) + kRequest);
    CHECK(h.size == 16 + 12);
    REQUIRE(h.addresses);
    CHECK(h.addresses->src_addr == "9.8.7.6");
    CHECK(h.addresses->dst_addr == "5.4.3.2");
    CHECK(h.addresses->src_port == 4444);
    CHECK(h.addresses->dst_port == 80);

    auto with_tlv = read_proxy_protocol(v2(0x21, 0x11, kInet4Body + std::string("\x01\x00\x02h2", 5)) + kRequest);
    CHECK(with_tlv.size == 16 + 17);
    CHECK(with_tlv.addresses);

    std::string inet6(36, '\0');
    inet6[0] = '\x20', inet6[1] = '\x01', inet6[2] = '\x0d', inet6[3] = '\xb8', inet6[15] = '\x01';
    inet6[31] = '\x02';
    inet6[32] = '\x15', inet6[33] = '\xb3', inet6[35] = '\x51';
    auto six = read_proxy_protocol(v2(0x21, 0x21, inet6));
    REQUIRE(six.addresses);
    CHECK(six.addresses->src_addr == "2001:db8::1");
    CHECK(six.addresses->dst_addr == "::2");
    CHECK(six.addresses->src_port == 5555);
    CHECK(six.addresses->dst_port == 81);
}

TEST_CASE("a version 2 LOCAL command, another transport or family is skipped and names nothing") {
    CHECK(read_proxy_protocol(v2(0x20, 0x11, "") + kRequest).size == 16);
    for (unsigned char family : {0x12, 0x31, 0x00}) {
        auto h = read_proxy_protocol(v2(0x21, family, kInet4Body) + kRequest);
        CHECK(h.size == 28);
        CHECK_FALSE(h.addresses);
    }
}

TEST_CASE("a version 2 header nginx refuses: another version, longer than what was read, addresses cut") {
    auto version = read_proxy_protocol(v2(0x31, 0x11, kInet4Body));
    CHECK(version.size == 0);
    CHECK(version.error == "unknown PROXY protocol version: 3");

    std::string longer = v2(0x21, 0x11, kInet4Body + std::string(200, 'x'));
    auto cut = read_proxy_protocol(longer.substr(0, 108));
    CHECK(cut.size == 0);
    CHECK(cut.error == "header is too large");

    auto short_addresses = read_proxy_protocol(v2(0x21, 0x11, kInet4Body.substr(0, 4)) + kRequest);
    CHECK(short_addresses.size == 0);
    CHECK(short_addresses.error.empty());  // as nginx: closed without a log line
}
