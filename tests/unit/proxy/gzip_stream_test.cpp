// The gzip stream: what it gives inflates (with zlib's gzip reading) to the exact input, whatever the
// pieces the input comes in and the output buffer's size; and nginx's $gzip_ratio rounding.
#include <zlib.h>

#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "proxy/gzip_stream.hpp"

using proxy::GzipStream;

namespace {

std::string gunzip(const std::string& in) {
    z_stream z{};
    REQUIRE(inflateInit2(&z, 15 + 16) == Z_OK);  // +16: the gzip wrapper only
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    std::string out;
    char buf[4096];
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = sizeof buf;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buf, sizeof buf - z.avail_out);
        if (rc == Z_BUF_ERROR) break;
    }
    CHECK(rc == Z_STREAM_END);
    CHECK(z.avail_in == 0);  // nothing after the trailer
    inflateEnd(&z);
    return out;
}

std::string body(std::size_t size) {
    std::mt19937 random(7);
    std::string text;
    const char* words[] = {"gzip ", "nginx ", "proxy ", "\n", "stream ", "zlib "};
    while (text.size() < size) {
        text += words[random() % 6];
        if (random() % 5 == 0) text += static_cast<char>(random() % 256);  // some noise
    }
    text.resize(size);
    return text;
}

std::string compress(const std::string& in, std::size_t piece, std::size_t buffer, int level = 1) {
    GzipStream zip(level, 15, 8, std::nullopt, buffer);
    REQUIRE(zip.ok());
    std::string out;
    for (std::size_t at = 0; at <= in.size(); at += piece) {
        bool end = at + piece > in.size();
        zip.input(std::string_view(in).substr(at, end ? std::string::npos : piece));
        for (;;) {
            GzipStream::Step step = zip.step(end);
            CHECK(step.output.size() <= buffer);
            out.append(step.output);
            if (step.done) break;
        }
        if (end) break;
    }
    CHECK(zip.total_in() == in.size());
    CHECK(zip.total_out() == out.size());
    return out;
}

}  // namespace

TEST_CASE("gzip stream round-trips through inflate at any piece and buffer size") {
    for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{100}, std::size_t{70000}, std::size_t{600000}}) {
        std::string in = body(size);
        for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, std::size_t{65536}}) {
            if (size > 100000 && piece < 4096) continue;  // slow, and nothing new to see
            for (std::size_t buffer : {std::size_t{16}, std::size_t{4096}}) {
                INFO("size " << size << " piece " << piece << " buffer " << buffer);
                CHECK(gunzip(compress(in, piece, buffer)) == in);
            }
        }
    }
}

TEST_CASE("gzip stream: levels and a known length change the output, not the content") {
    std::string in = body(50000);
    std::string fast = compress(in, 1000, 4096, 1);
    std::string best = compress(in, 1000, 4096, 9);
    CHECK(best.size() < fast.size());
    CHECK(gunzip(best) == in);
    GzipStream small(1, 15, 8, std::uint64_t{30}, 4096);  // as nginx: a smaller window for a short body
    REQUIRE(small.ok());
    small.input("a short body of thirty bytes..");
    GzipStream::Step step = small.step(true);
    REQUIRE(step.done);
    CHECK(gunzip(std::string(step.output)) == "a short body of thirty bytes..");
}

TEST_CASE("$gzip_ratio: two decimals, rounded half up as nginx") {
    CHECK(proxy::gzip_ratio(2125, 1000) == "2.13");
    CHECK(proxy::gzip_ratio(2124, 1000) == "2.12");
    CHECK(proxy::gzip_ratio(1999, 1000) == "2.00");
    CHECK(proxy::gzip_ratio(100, 300) == "0.33");
    CHECK(proxy::gzip_ratio(40, 20) == "2.00");
}
