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
                             "GET  http://a/ HTTP/1.1\r\n", "G_-T / HTTP/1.1 \r\n"}) {
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
                             "GET / HTTP/1.1\r\r\n", "GET  \r\n", "PRI * HTTP/2.0\r\n", "GET 1/ HTTP/1.1\r\n"}) {
        CHECK(verdict(line) == RequestLineVerdict::InvalidRequest);
    }
    for (const char* line : {" GET / HTTP/1.1\r\n", "GET\r\n", "get / HTTP/1.1\r\n", "G.T / HTTP/1.1\r\n"}) {
        CHECK(verdict(line) == RequestLineVerdict::InvalidMethod);
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
    CHECK(verdict("g") == RequestLineVerdict::InvalidMethod);
    CHECK(verdict("GET /a HTTP/2") == RequestLineVerdict::InvalidVersion);
    CHECK(verdict("GET /a b") == RequestLineVerdict::InvalidRequest);
    CHECK(verdict("GET /a HTTP/1.1 x") == RequestLineVerdict::InvalidRequest);
}

TEST_CASE("lines the parser reads as they are, and others", "[request_line]") {
    using proxy::parser_reads;
    for (const char* line : {"GET", "GET /a", "GET /a HTTP/1.", "GET /a HTTP/1.1", "GET /a HTTP/1.1\r",
                             "GET /a HTTP/1.0\r\n", "GET /a\r\n", "\x16\x03\x01"}) {
        CHECK(parser_reads(line));
    }
    for (const char* line : {"GET  ", "GET /a  ", "GET /a HTTP/1.2", "GET /a HTTP/1.1 ", "GET /a HTTP/1.10",
                             "GET /a HTTP/1.1 \r\n"}) {
        CHECK_FALSE(parser_reads(line));
    }
}

TEST_CASE("faults nginx finds, as the parser's errors", "[request_line]") {
    auto request_line_fault = [](std::string_view line) {
        return proxy::request_line_fault(parse_request_line(line).verdict);
    };
    namespace http = proxy::http;
    CHECK(request_line_fault("g") == http::error::bad_method);
    CHECK(request_line_fault("\x16\x03\x01") == http::error::bad_method);
    CHECK(request_line_fault("GET /a b") == http::error::bad_target);
    CHECK(request_line_fault("GET /a \r\n") == http::error::bad_target);  // HTTP/0.9
    CHECK(request_line_fault("GET /a HTTP/2") == http::error::bad_version);
    CHECK_FALSE(request_line_fault("GET  /a HTTP/1."));
    CHECK_FALSE(request_line_fault("GET  /a HTTP/1.2\r\n"));
}

TEST_CASE("the line the parser is given, and the one kept", "[request_line]") {
    proxy::SentRequestLine sent;
    auto request_line_for_parser = [](std::string_view line, proxy::SentRequestLine& sent) {
        return proxy::request_line_for_parser(parse_request_line(line), line, sent);
    };
    CHECK_FALSE(request_line_for_parser("GET /a HTTP/2.0\r\n", sent));
    CHECK_FALSE(request_line_for_parser("GET /a \r\n", sent));
    CHECK_FALSE(request_line_for_parser("PRI * HTTP/2.0\r\n", sent));
    CHECK(sent.text.empty());

    CHECK(request_line_for_parser("GET  /a  HTTP/1.1 \r\n", sent) == "GET /a HTTP/1.1\r\n");
    CHECK(sent.text == "GET  /a  HTTP/1.1 ");
    CHECK(sent.protocol() == "HTTP/1.1 ");
    CHECK(request_line_for_parser("POST /a HTTP/1.00\r\n", sent) == "POST /a HTTP/1.0\r\n");
    CHECK(sent.protocol() == "HTTP/1.00");
    CHECK(request_line_for_parser("GET /a HTTP/1.2\r\n", sent) == "GET /a HTTP/1.1\r\n");
    CHECK(sent.text == "GET /a HTTP/1.2");
}
