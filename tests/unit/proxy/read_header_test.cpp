// Bare LF line ends in a header become CRLF before Beast's parser sees them; the body keeps its bytes.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "proxy/read_header.hpp"

namespace {

std::string normalized(const std::string& in, bool* changed = nullptr) {
    proxy::beast::flat_buffer buffer;
    auto space = buffer.prepare(in.size());
    std::memcpy(space.data(), in.data(), in.size());
    buffer.commit(in.size());
    std::size_t added = proxy::normalize_header_line_ends(buffer);
    if (changed) *changed = added > 0;
    CHECK(buffer.size() == in.size() + added);
    return std::string(static_cast<const char*>(buffer.data().data()), buffer.size());
}

}  // namespace

TEST_CASE("lone LFs in the header become CRLF, the body is left alone") {
    CHECK(normalized("GET / HTTP/1.1\nHost: x\n\nbody\nline") == "GET / HTTP/1.1\r\nHost: x\r\n\r\nbody\nline");
    CHECK(normalized("GET / HTTP/1.1\r\nHost: x\n\r\nbody\n") == "GET / HTTP/1.1\r\nHost: x\r\n\r\nbody\n");
}

TEST_CASE("a header with CRLF only is not touched") {
    bool changed = true;
    CHECK(normalized("GET / HTTP/1.1\r\nHost: x\r\n\r\nb\nc", &changed) == "GET / HTTP/1.1\r\nHost: x\r\n\r\nb\nc");
    CHECK_FALSE(changed);
}

TEST_CASE("a header still arriving is fixed as far as it goes") {
    CHECK(normalized("GET / HTTP/1.1\nHost: x\nAccept: *") == "GET / HTTP/1.1\r\nHost: x\r\nAccept: *");
    CHECK(normalized("GET / HTTP/1.1\r") == "GET / HTTP/1.1\r");
}
