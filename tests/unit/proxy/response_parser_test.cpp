// The upstream response parser keeps the header's fields in one string; a request hands it the buffer an
// earlier request's fields grew, which it empties and fills.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "proxy/response_parser.hpp"

namespace {

// The fields of `response` as "name=value" lines, parsed by `parser`.
std::vector<std::string> parsed_fields(proxy::ResponseParser& parser, const std::string& response) {
    proxy::beast::flat_buffer buffer;
    auto space = buffer.prepare(response.size());
    std::memcpy(space.data(), response.data(), response.size());
    buffer.commit(response.size());
    auto [ec, used] = parser.parse_buffered(buffer);
    REQUIRE_FALSE(ec);
    REQUIRE(parser.is_header_done());
    std::vector<std::string> fields;
    parser.for_each_field([&](const proxy::ResponseParser::Field& f) {
        fields.push_back(std::string(f.name) + "=" + std::string(f.value));
    });
    return fields;
}

}  // namespace

TEST_CASE("a reused fields buffer is emptied, then holds this response's fields") {
    std::string kept(600, 'x');  // an earlier response's fields, longer than the parser's first reserve
    const char* storage = kept.data();
    proxy::ResponseParser parser;
    parser.reuse_fields(std::move(kept));
    auto fields = parsed_fields(parser, "HTTP/1.1 200 OK\r\nServer: b\r\nX-Long: a value\r\nContent-Length: 0\r\n\r\n");
    CHECK(fields == std::vector<std::string>{"Server=b", "X-Long=a value", "Content-Length=0"});
    std::string taken = parser.take_fields();
    CHECK(taken.data() == storage);  // the same allocation: nothing new was allocated for the fields
}

TEST_CASE("a parser without a reused buffer keeps its fields as well") {
    proxy::ResponseParser parser;
    CHECK(parsed_fields(parser, "HTTP/1.1 404 Not Found\r\nA: 1\r\n\r\n") == std::vector<std::string>{"A=1"});
    CHECK(parser.status() == 404);
}
