// nginx's reading of a request line where it is wider than Beast's parser, and the line the parser is given.
#include "proxy/request_line.hpp"

#include <catch2/catch.hpp>

using proxy::parse_request_line;
using proxy::RequestLineVerdict;

namespace {

RequestLineVerdict verdict(std::string_view line) { return parse_request_line(line).verdict; }

}  // namespace

TEST_CASE("request lines nginx takes as HTTP/1.x", "[request_line]") {
    auto p = parse_request_line("GET   /a?b  HTTP/1.12  \r\n");
    CHECK(p.verdict == RequestLineVerdict::Http1);
    CHECK(p.method == "GET");
    CHECK(p.target == "/a?b");
    CHECK(p.protocol == "HTTP/1.12  ");
    CHECK(p.minor == 12);
    for (const char* line : {"GET / HTTP/1.0\r\n", "GET / HTTP/1.999\r\n", "GET / HTTP/1.0001\r\n",
                             "get  http://a/ HTTP/1.1\r\n", "G / HTTP/1.1 \r\n"}) {
        CHECK(verdict(line) == RequestLineVerdict::Http1);
    }
    CHECK(parse_request_line("GET / HTTP/1.0001\r\n").minor == 1);  // nginx bounds the value, not the digits
}

TEST_CASE("request lines nginx refuses", "[request_line]") {
    for (const char* line : {"GET / HTTP/2.0\r\n", "GET / HTTP/10.0\r\n", "GET / HTTP/11\r\n", "GET /  HTTP/3 \r\n"}) {
        CHECK(verdict(line) == RequestLineVerdict::InvalidVersion);
    }
    for (const char* line : {"GET / HTTP/1.1000\r\n", "GET / HTTP/01.1\r\n", "GET / HTTP/1.\r\n", "GET / HTTP/1\r\n",
                             "GET / HTTP/0.9\r\n", "GET / HTTP/1.1x\r\n", "GET / HTTP/1.1 x\r\n", "GET /a b HTTP/1.1\r\n",
                             "GET / HTTP/1.1\t\r\n", "GET / http/1.1\r\n", "GET /\x01 HTTP/1.1\r\n",
                             "GET / HTTP/1.1\r\r\n", " GET / HTTP/1.1\r\n", "GET\r\n", "GET  \r\n"}) {
        CHECK(verdict(line) == RequestLineVerdict::InvalidRequest);
    }
    CHECK(verdict("GET /a  \r\n") == RequestLineVerdict::Http09);
}

TEST_CASE("a request line not yet whole", "[request_line]") {
    for (const char* start : {"GE", "GET ", "GET  ", "GET /a", "GET /a ", "GET /a HT", "GET /a HTTP/", "GET /a HTTP/1",
                              "GET /a HTTP/1.", "GET /a HTTP/1.2", "GET /a HTTP/1.2  ", "GET /a HTTP/1.2\r",
                              "GET /a \r"}) {
        CHECK(verdict(start) == RequestLineVerdict::Partial);
    }
    // nginx refuses these at the byte that is out of its grammar, without waiting for the line's end
    CHECK(verdict("GET /a HTTP/2") == RequestLineVerdict::InvalidVersion);
    CHECK(verdict("GET /a b") == RequestLineVerdict::InvalidRequest);
    CHECK(verdict("GET /a HTTP/1.1 x") == RequestLineVerdict::InvalidRequest);
}

TEST_CASE("the parser sees a line in its one form, or what nginx refuses", "[request_line]") {
    using proxy::parser_may_see;
    for (const char* start : {"GET", "GET /a", "GET /a HTTP/1.", "GET /a HTTP/1.1", "GET /a HTTP/1.1\r", "GET /a b",
                              "GET /a HTTP/2", "\x16\x03\x01"}) {
        CHECK(parser_may_see(start));
    }
    for (const char* start : {"GET  ", "GET /a  ", "GET /a HTTP/1.2", "GET /a HTTP/1.1 ", "GET /a HTTP/1.10"}) {
        CHECK_FALSE(parser_may_see(start));
    }
}

TEST_CASE("the line the parser is given, and the one kept", "[request_line]") {
    proxy::SentRequestLine sent;
    CHECK_FALSE(proxy::request_line_for_parser("GET /a HTTP/1.1\r\n", sent));
    CHECK_FALSE(proxy::request_line_for_parser("GET /a HTTP/2.0\r\n", sent));
    CHECK_FALSE(proxy::request_line_for_parser("GET /a \r\n", sent));  // HTTP/0.9 stays for the parser to refuse
    CHECK(sent.text.empty());

    CHECK(proxy::request_line_for_parser("GET  /a  HTTP/1.1 \r\n", sent) == "GET /a HTTP/1.1\r\n");
    CHECK(sent.text == "GET  /a  HTTP/1.1 ");
    CHECK(sent.protocol() == "HTTP/1.1 ");
    CHECK(proxy::request_line_for_parser("POST /a HTTP/1.00\r\n", sent) == "POST /a HTTP/1.0\r\n");
    CHECK(sent.protocol() == "HTTP/1.00");
    CHECK(proxy::request_line_for_parser("GET /a HTTP/1.2\r\n", sent) == "GET /a HTTP/1.1\r\n");
    CHECK(sent.text == "GET /a HTTP/1.2");
}
