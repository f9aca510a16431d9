// A chunked request body read as nginx reads one: its syntax, its limit, its end.
#include <catch2/catch.hpp>

#include <string>

#include "proxy/chunked_decoder.hpp"

using proxy::ChunkedDecoder;
using Status = ChunkedDecoder::Status;

namespace {

struct Decoded {
    std::string data;
    std::size_t used = 0;
    Status status = Status::More;
};

// Feeds `in` a byte at a time when `bytewise`, else whole; `room` is the room for data in each call.
Decoded decode(const std::string& in, std::uint64_t limit = 0, bool bytewise = false, std::size_t room = 64) {
    ChunkedDecoder decoder;
    Decoded d;
    std::string out(room, '\0');
    while (d.used < in.size()) {
        std::size_t take = bytewise ? 1 : in.size() - d.used;
        auto step = decoder.decode(std::string_view(in).substr(d.used, take), out.data(), out.size(), limit);
        d.data.append(out.data(), step.produced);
        d.used += step.used;
        d.status = step.status;
        if (step.status != Status::More) break;
        if (step.used == 0 && step.produced == 0) break;
    }
    return d;
}

}  // namespace

TEST_CASE("a chunked body ends at its last chunk; what follows is not taken", "[chunked_decoder]") {
    for (bool bytewise : {false, true}) {
        auto d = decode("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\nGET /", 0, bytewise);
        CHECK(d.status == Status::Done);
        CHECK(d.data == "hello world");
        CHECK(d.used == 26);
    }
}

TEST_CASE("line ends, extensions and trailers nginx accepts", "[chunked_decoder]") {
    const char* accepted[] = {
        "5\nhello\n0\n\n",
        "5 \r\nhello\r\n0\r\n\r\n",
        "5\t\r\nhello\r\n0\r\n\r\n",
        "5;\r\nhello\r\n0\r\n\r\n",
        "5;a b\r\nhello\r\n0\r\n\r\n",
        "5\r\nhello\r\n0 \r\n\r\n",
        "5\r\nhello\n0\r\n\r\n",
        "5\r\nhello\r\n0\r\nnocolon\r\n\r\n",
        "5\r\nhello\r\n0\r\n \r\n\r\n",
        "5\r\nhello\r\n0\r\nContent-Length: 5\r\n\r\n",
        "5\r\nhello\r\n00\r\n\n",
        "5\r\nhello\r\n0;x=y\r\nA: b\n\n",
        "0005\r\nhello\r\n0\r\n\r\n",
        "A\r\nhelloworld\r\n0\r\n\r\n",
    };
    for (const char* body : accepted) {
        for (bool bytewise : {false, true}) {
            INFO(body << (bytewise ? " bytewise" : ""));
            auto d = decode(body, 0, bytewise);
            CHECK(d.status == Status::Done);
            CHECK(d.data.substr(0, 5) == "hello");
            CHECK(d.used == std::string(body).size());
        }
    }
}

TEST_CASE("framing nginx refuses is invalid", "[chunked_decoder]") {
    const char* refused[] = {
        "x\r\n",
        "5x\r\n",
        "\r\n5\r\n",
        "5\rhello",
        "5\r\nhelloX",
        "5\r\nhello\rX",
        "0\rX",
        "0\r\n\rX",
        "0\r\nA: b\rX",
        "-5\r\n",
        "ffffffffffffffff\r\nhello\r\n0\r\n\r\n",
        "7fffffffffffffff\r\n",
        "1000000000000000\r\n",
    };
    for (const char* body : refused) {
        INFO(body);
        CHECK(decode(body).status == Status::Invalid);
        CHECK(decode(body, 0, true).status == Status::Invalid);
    }
    // the largest size nginx takes: 15 hex digits
    CHECK(decode("7ffffffffffffff\r\nhello").status == Status::More);
}

TEST_CASE("a chunk's declared size counts against the limit as soon as its data starts", "[chunked_decoder]") {
    ChunkedDecoder decoder;
    char out[16];
    auto step = decoder.decode("200000\r\n", out, sizeof out, 1024);
    CHECK(step.status == Status::More);  // as nginx: no data byte yet, nothing said
    CHECK(step.used == 8);
    step = decoder.decode("hello", out, sizeof out, 1024);
    CHECK(step.status == Status::TooLarge);
    CHECK(step.produced == 0);
    CHECK(decoder.received() == 0);
    CHECK(decoder.chunk_left() == 0x200000);

    CHECK(decode("4\r\nabcd\r\n5\r\nhello\r\n0\r\n\r\n", 8).status == Status::TooLarge);
    CHECK(decode("4\r\nabcd\r\n4\r\nefgh\r\n0\r\n\r\n", 8).status == Status::Done);
    CHECK(decode("4\r\nabcd\r\n4\r\nefgh\r\n0\r\n\r\n", 0).status == Status::Done);
}

TEST_CASE("data stops where the room for it ends", "[chunked_decoder]") {
    auto d = decode("a\r\n0123456789\r\n0\r\n\r\n", 0, false, 3);
    CHECK(d.status == Status::Done);
    CHECK(d.data == "0123456789");

    ChunkedDecoder decoder;
    char out[4];
    auto step = decoder.decode("a\r\n0123456789\r\n0\r\n\r\n", out, sizeof out, 0);
    CHECK(step.status == Status::More);
    CHECK(step.produced == 4);
    CHECK(step.used == 7);
    step = decoder.decode("", out, sizeof out, 0);
    CHECK(step.status == Status::More);
    CHECK(step.used == 0);
}
