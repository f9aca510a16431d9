// The header the gzip filter sends: nginx's field changes and order.
#include <catch2/catch.hpp>

#include "proxy/gzip_header.hpp"

using proxy::gzip_header;
using proxy::ssi::Framing;

namespace {

constexpr std::string_view kHead =
    "HTTP/1.1 200 OK\r\nServer: nproxy\r\nContent-Type: text/html\r\nContent-Length: 1234\r\n"
    "Last-Modified: Thu, 01 Jan 2015 00:00:00 GMT\r\nConnection: keep-alive\r\nETag: \"abc\"\r\n"
    "Accept-Ranges: bytes\r\n\r\n";

}  // namespace

TEST_CASE("gzip header: no length or ranges, weak ETag, chunks before Connection, encoding last") {
    CHECK(gzip_header(kHead, Framing::Chunked, false) ==
          "HTTP/1.1 200 OK\r\nServer: nproxy\r\nContent-Type: text/html\r\n"
          "Last-Modified: Thu, 01 Jan 2015 00:00:00 GMT\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n"
          "ETag: W/\"abc\"\r\nContent-Encoding: gzip\r\n\r\n");
}

TEST_CASE("gzip header: Vary just after Connection; until close for HTTP/1.0; none for HEAD") {
    CHECK(gzip_header(kHead, Framing::UntilClose, true) ==
          "HTTP/1.1 200 OK\r\nServer: nproxy\r\nContent-Type: text/html\r\n"
          "Last-Modified: Thu, 01 Jan 2015 00:00:00 GMT\r\nConnection: close\r\nVary: Accept-Encoding\r\n"
          "ETag: W/\"abc\"\r\nContent-Encoding: gzip\r\n\r\n");
    std::string head = gzip_header(kHead, Framing::None, false);
    CHECK(head.find("Transfer-Encoding") == std::string::npos);
    CHECK(head.find("Connection: keep-alive\r\n") != std::string::npos);
}

TEST_CASE("gzip header: the SSI filter's chunked framing is replaced, not repeated") {
    constexpr std::string_view ssi =
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n";
    CHECK(gzip_header(ssi, Framing::Chunked, false) ==
          "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n"
          "Content-Encoding: gzip\r\n\r\n");
}

TEST_CASE("vary header: only the Vary line added to an answer left unchanged") {
    CHECK(proxy::vary_header("HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\nConnection: close\r\nX: y\r\n\r\n") ==
          "HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\nConnection: close\r\nVary: Accept-Encoding\r\nX: y\r\n\r\n");
}
