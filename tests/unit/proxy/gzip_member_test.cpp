// access_log ... gzip: each buffer becomes a gzip member that zlib reads back to the same bytes.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <string>

#include "proxy/gzip_member.hpp"

namespace {

// Inflates every member of a gzip stream, as gunzip does with a file of several members.
std::string gunzip_all(const std::string& in) {
    std::string out;
    z_stream z{};
    REQUIRE(inflateInit2(&z, MAX_WBITS + 16) == Z_OK);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    char chunk[4096];
    while (z.avail_in > 0) {
        z.next_out = reinterpret_cast<Bytef*>(chunk);
        z.avail_out = sizeof chunk;
        int rc = inflate(&z, Z_NO_FLUSH);
        REQUIRE((rc == Z_OK || rc == Z_STREAM_END));
        out.append(chunk, sizeof chunk - z.avail_out);
        if (rc == Z_STREAM_END) REQUIRE(inflateReset(&z) == Z_OK);
    }
    inflateEnd(&z);
    return out;
}

}  // namespace

TEST_CASE("gzip_member: small and large texts, every level, read back as one stream") {
    std::string small = "/compressed:200\n";
    std::string large;
    for (int i = 0; i < 20000; ++i) large += "/line/" + std::to_string(i * 7919 % 10007) + ":200\n";
    for (int level : {1, 5, 9}) {
        std::string a = proxy::gzip_member(small, level);
        std::string b = proxy::gzip_member(large, level);
        REQUIRE(a.size() > 18);
        CHECK(static_cast<unsigned char>(a[0]) == 0x1f);
        CHECK(static_cast<unsigned char>(a[1]) == 0x8b);
        CHECK(b.size() < large.size() / 2);
        CHECK(gunzip_all(a + b + a) == small + large + small);
    }
}
