// Feeds arbitrary bytes to proxy::ResponseParser as a hostile upstream's response, as relay_response reads
// it: in pieces whose size the first byte sets (its low bits make the request a HEAD, whose answer has no
// body, and a body of known length read in place), the header as read_header takes it, its fields through
// for_each_field and content_type(), then the body into a small buffer through parse_buffered or
// parse_in_place. A crash or sanitizer report is a bug, and so is a body buffer overrun, a field with a
// '\n' in it (it would break the fields' kept form), or a response read in pieces whose status, fields or
// body differ from the same bytes read whole: all abort.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

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

namespace {

namespace http = boost::beast::http;

// What a response read to its end gave.
struct Read {
    int status = 0;
    std::string fields, body;
    bool operator==(const Read&) const = default;
};

// Reads `input` as relay_response does, in pieces of `piece` bytes: the header, then the body into a 64-byte buffer
// through parse_buffered or, for a body of known length with `in_place`, read straight into that buffer and parsed
// there (read_body_in_place). Nothing when the response is cut short or broken.
std::optional<Read> read_response(std::string_view input, std::size_t piece, bool head, bool in_place) {
    boost::beast::flat_buffer buffer;
    proxy::ResponseParser parser;
    parser.header_limit(4096);
    parser.body_limit(boost::none);
    if (head) parser.skip(true);
    // the header alone, as read_header and ResponseReader take it: parse_buffered's eager parse would go on
    // into a body that came with it, and a chunked body's trailer fields join the header's fields
    while (!parser.is_header_done()) {
        if (!arrive(input, piece, buffer)) return std::nullopt;
        boost::system::error_code ec;
        buffer.consume(parser.put(buffer.data(), ec));
        if (ec && ec != http::error::need_more) return std::nullopt;
    }

    Read read;
    read.status = parser.status();
    std::size_t fields = 0;
    parser.for_each_field([&](const proxy::ResponseParser::Field& f) {
        if (f.name.empty() || f.name.find_first_of(":\n") != std::string_view::npos) std::abort();
        if (f.value.find('\n') != std::string_view::npos) std::abort();
        read.fields.append(f.name).append(":").append(f.value).append("\n");
        ++fields;
    });
    std::string_view type = parser.content_type();
    if (!type.empty() && fields == 0) std::abort();

    in_place = in_place && parser.content_length() && !head;
    char body[64 + 16];
    std::memset(body + 64, 0x5a, 16);  // a guard past the room the parser is given
    while (!parser.is_done()) {
        parser.body().data = body;
        parser.body().size = 64;
        boost::system::error_code ec;
        std::size_t used = 0;
        if (in_place && buffer.size() == 0) {
            std::size_t n = std::min({piece, input.size(), std::size_t{64}});
            if (n == 0) return std::nullopt;
            std::memcpy(body, input.data(), n);
            input.remove_prefix(n);
            std::tie(ec, used) = parser.parse_in_place(n);
            if (used > n) std::abort();
            // bytes past the body's end go to the buffer, as a read through it would have left them
            auto space = buffer.prepare(n - used);
            std::memcpy(space.data(), body + used, n - used);
            buffer.commit(n - used);
        } else {
            std::tie(ec, used) = parser.parse_buffered(buffer);
        }
        if (parser.body().size > 64) std::abort();
        read.body.append(body, 64 - parser.body().size);
        if (ec && ec != http::error::need_buffer) return std::nullopt;
        // nothing parsed and no room used: the parser wants more input than the buffer holds
        if (used == 0 && parser.body().size == 64 && !(in_place && buffer.size() == 0) &&
            !arrive(input, piece, buffer)) {
            return std::nullopt;
        }
    }
    for (int i = 64; i < 64 + 16; ++i) {
        if (body[i] != 0x5a) std::abort();
    }
    return read;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::size_t piece = 1 + (data[0] >> 2) % 64;
    const bool head = data[0] & 1, in_place = data[0] & 2;
    std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::optional<Read> in_pieces = read_response(input, piece, head, in_place);
    // the same response whole, read through the buffer: the same status, fields and body
    std::optional<Read> whole = read_response(input, input.size() + 1, head, false);
    if (in_pieces && whole && *in_pieces != *whole) std::abort();
    return 0;
}
