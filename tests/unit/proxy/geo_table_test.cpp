// A geo block's lookup (nginx's radix trees): the longest network holding the address.
#include <catch2/catch.hpp>

#include <arpa/inet.h>

#include "proxy/geo_table.hpp"

namespace {

confparse::GeoNetwork network(const char* address, int bits, const char* value) {
    confparse::GeoNetwork n;
    n.inet6 = std::string_view(address).find(':') != std::string_view::npos;
    inet_pton(n.inet6 ? AF_INET6 : AF_INET, address, n.addr);
    for (int i = 0; i < bits; ++i) n.mask[i / 8] |= static_cast<unsigned char>(0x80 >> (i % 8));
    n.value = value;
    return n;
}

}  // namespace

TEST_CASE("geo finds the longest network holding an address", "[geo]") {
    confparse::GeoBlock block;
    block.networks = {network("0.0.0.0", 0, "v4-default"), network("::", 0, "v6-default"),
                      network("10.0.0.0", 8, "ten"), network("10.1.0.0", 16, "ten-one"),
                      network("10.1.2.3", 32, "host"), network("255.255.255.255", 32, "none"),
                      network("2001:db8::", 32, "doc")};
    proxy::GeoTable geo(block);
    CHECK(geo.lookup("10.9.9.9") == "ten");
    CHECK(geo.lookup("10.1.9.9") == "ten-one");
    CHECK(geo.lookup("10.1.2.3") == "host");
    CHECK(geo.lookup("192.0.2.1") == "v4-default");
    CHECK(geo.lookup("2001:db8::1") == "doc");
    CHECK(geo.lookup("::1") == "v6-default");
    CHECK(geo.lookup("::ffff:10.1.2.3") == "host");  // IPv4-mapped: looked up as IPv4
    CHECK(geo.lookup("not an address") == "none");  // as nginx: 255.255.255.255
    CHECK(geo.lookup("") == "none");
    CHECK(proxy::GeoTable(confparse::GeoBlock{}).lookup("10.0.0.1").empty());  // no default: empty
}

TEST_CASE("geo ranges find the IPv4 range holding an address, else the default", "[geo]") {
    confparse::GeoBlock block;
    block.ranges = true;
    block.range_default = "d";
    block.range_buckets[0x0a00] = {{10, 255, "a"}, {256, 511, "c"}};
    block.range_buckets[0xffff] = {{0xffff, 0xffff, "none"}};
    proxy::GeoTable geo(block);
    CHECK(geo.lookup("10.0.0.10") == "a");
    CHECK(geo.lookup("10.0.0.9") == "d");
    CHECK(geo.lookup("10.0.1.255") == "c");
    CHECK(geo.lookup("10.0.2.0") == "d");
    CHECK(geo.lookup("::ffff:10.0.1.1") == "c");  // IPv4-mapped: looked up as IPv4
    CHECK(geo.lookup("2001:db8::1") == "none");   // as nginx: any other address is 255.255.255.255
    CHECK(geo.lookup("junk") == "none");
    block.range_default.reset();
    CHECK(proxy::GeoTable(block).lookup("10.0.0.9").empty());  // no default: empty
}

TEST_CASE("geo with proxy looks up the address X-Forwarded-For gives for a trusted client", "[geo]") {
    confparse::GeoBlock block;
    block.networks = {network("0.0.0.0", 0, "other"), network("192.0.2.0", 24, "doc"),
                      network("10.0.0.0", 8, "proxy")};
    block.proxies = {network("10.0.0.0", 8, "")};
    proxy::ConnectionContext conn;
    proxy::RequestContext r;
    r.connection = &conn;
    r.headers = {{"X-Forwarded-For", "192.0.2.7, 10.0.0.2"}};
    conn.remote_addr = "10.0.0.1";
    CHECK(proxy::GeoTable(block).value(r) == "proxy");  // the last address, 10.0.0.2, not walked past
    block.proxy_recursive = true;
    CHECK(proxy::GeoTable(block).value(r) == "doc");
    conn.remote_addr = "198.51.100.1";  // untrusted: its own address
    CHECK(proxy::GeoTable(block).value(r) == "other");
}
