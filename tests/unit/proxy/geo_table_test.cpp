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
