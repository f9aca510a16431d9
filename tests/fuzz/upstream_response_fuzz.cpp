// Feeds arbitrary bytes to proxy::ResponseParser as a hostile upstream's response, arriving in pieces whose
// size the first byte sets (its low bit also makes the request a HEAD, whose answer has no body): the
// header through parse_buffered, as relay_response reads it, its fields through for_each_field and
// content_type(), then the body through parse_buffered into a small body buffer. A crash or sanitizer
// report is a bug, and so is a body buffer overrun or a field with a '\n' in it (it would break the
// fields' kept form): both abort.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "proxy/response_parser.hpp"
#include "tests/fuzz/fuzz_arrive.hpp"

// Boost's assertions stay on (BOOST_ENABLE_ASSERT_HANDLER), save one that is wrong: Boost 1.81's
// parse_chunk_header asserts n >= 5 when the last chunk's end comes in a later piece, where "0\r\n" (3
// bytes) is valid and its code answers need_more as it should (boostorg/beast#2861, in Boost 1.86). A
// release build (NDEBUG) has no assertions.
namespace boost {

void assertion_failed(char const* expr, char const* function, char const* file, long line) {
    if (std::strcmp(expr, "n >= 5") == 0 && std::strstr(function, "parse_chunk_header")) return;
    std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed.\n", file, line, function, expr);
    std::abort();
}

void assertion_failed_msg(char const* expr, char const* msg, char const* function, char const* file, long line) {
    std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' (%s) failed.\n", file, line, function, expr, msg);
    std::abort();
}

}  // namespace boost

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::size_t piece = 1 + (data[0] >> 1) % 64;
    std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    namespace http = boost::beast::http;

    boost::beast::flat_buffer buffer;
    proxy::ResponseParser parser;
    parser.header_limit(4096);
    parser.body_limit(boost::none);
    if (data[0] & 1) parser.skip(true);
    while (!parser.is_header_done()) {
        if (!arrive(input, piece, buffer)) return 0;
        auto [ec, used] = parser.parse_buffered(buffer);
        if (ec) return 0;
    }

    std::size_t fields = 0;
    parser.for_each_field([&](const proxy::ResponseParser::Field& f) {
        if (f.name.empty() || f.name.find_first_of(":\n") != std::string_view::npos) std::abort();
        if (f.value.find('\n') != std::string_view::npos) std::abort();
        ++fields;
    });
    std::string_view type = parser.content_type();
    if (!type.empty() && fields == 0) std::abort();

    char body[64 + 16];
    std::memset(body + 64, 0x5a, 16);  // a guard past the room the parser is given
    while (!parser.is_done()) {
        parser.body().data = body;
        parser.body().size = 64;
        auto [ec, used] = parser.parse_buffered(buffer);
        if (parser.body().size > 64) std::abort();
        if (ec && ec != http::error::need_buffer) return 0;
        // nothing parsed and no room used: the parser wants more input than the buffer holds
        if (used == 0 && parser.body().size == 64 && !arrive(input, piece, buffer)) return 0;
    }
    for (int i = 64; i < 64 + 16; ++i) {
        if (body[i] != 0x5a) std::abort();
    }
    return 0;
}
