// add_trailer's pieces: the statuses it applies to (add_header's), the chunked header it needs, the last chunk.
#include <catch2/catch.hpp>

#include "proxy/response_head.hpp"
#include "proxy/trailers.hpp"

TEST_CASE("trailers apply to nginx's safe statuses unless always", "[trailers]") {
    for (int status : {200, 201, 204, 206, 301, 302, 303, 304, 307, 308}) CHECK(proxy::adds_headers(status));
    for (int status : {100, 202, 300, 400, 404, 500, 502}) CHECK_FALSE(proxy::adds_headers(status));
}

TEST_CASE("a header re-framed as chunked", "[trailers]") {
    CHECK(proxy::chunked_header("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n"
                                "Connection: keep-alive\r\nETag: \"x\"\r\n\r\n") ==
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
          "Connection: keep-alive\r\nETag: \"x\"\r\n\r\n");
    // already chunked: one framing line, where nginx writes it; no Connection line: last
    CHECK(proxy::chunked_header("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nConnection: close\r\n\r\n") ==
          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
    CHECK(proxy::chunked_header("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Content-Length: 1\r\n\r\n") ==
          "HTTP/1.1 200 OK\r\nX-Content-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n");
}

TEST_CASE("the last chunk carries the trailers", "[trailers]") {
    CHECK(proxy::last_chunk({}) == "0\r\n\r\n");
    CHECK(proxy::last_chunk({{"X-A", "1"}, {"X-B", "two words"}}) == "0\r\nX-A: 1\r\nX-B: two words\r\n\r\n");
}
