// The checks nginx makes of a request's line and header fields as it reads them.
#include <catch2/catch.hpp>

#include "proxy/request_checks.hpp"

namespace {

proxy::RequestContext request(const char* method, std::vector<proxy::Header> headers, int version = 11) {
    proxy::RequestContext r;
    r.method = method;
    r.http_version = version;
    r.headers = std::move(headers);
    return r;
}

}  // namespace

TEST_CASE("request checks: a method is capital letters, '_' and '-'") {
    for (const char* good : {"GET", "PROPFIND", "VERSION-CONTROL", "X_Y"}) CHECK(proxy::valid_method(good));
    for (const char* bad : {"", "get", "G3T", "GET#", "G.T", "GÉT"}) {
        INFO(bad);
        CHECK_FALSE(proxy::valid_method(bad));
    }
}

TEST_CASE("request checks: the first repeat of a field nginx takes once, with both lines in the message") {
    CHECK(proxy::duplicate_field(request("GET", {{"Accept", "a"}, {"accept", "b"}, {"Cookie", "c"}, {"Cookie", "d"}}))
              .status == 0);
    auto dup = proxy::duplicate_field(request("GET", {{"If-Match", "\"a\""}, {"X", "y"}, {"if-match", "\"b\""}}));
    CHECK(dup.status == 400);
    CHECK(dup.message == "client sent duplicate header line: \"if-match: \"b\"\", previous value: \"If-Match: \"a\"\"");
    auto host = proxy::duplicate_field(request("GET", {{"Host", "a"}, {"Host", "a"}}));
    CHECK(host.message == "client sent duplicate host header: \"Host: a\", previous value: \"Host: a\"");
    for (const char* name : {"If-Modified-Since", "If-Unmodified-Since", "If-None-Match", "Content-Length",
                             "Content-Range", "If-Range", "Transfer-Encoding", "Expect", "Authorization"}) {
        INFO(name);
        CHECK(proxy::duplicate_field(request("GET", {{name, "1"}, {name, "1"}})).status == 400);
    }
}

TEST_CASE("request checks: framing and the methods nginx never serves") {
    CHECK(proxy::framing_or_method(request("POST", {{"Content-Length", "9223372036854775807"}})).status == 0);
    for (const char* bad : {"", "5, 5", "-1", "+5", "5 ", "9223372036854775808", "99999999999999999999", "20000000000000000000"}) {
        INFO(bad);
        auto refusal = proxy::framing_or_method(request("POST", {{"Content-Length", bad}}));
        CHECK(refusal.status == 400);
        CHECK(refusal.message == "client sent invalid \"Content-Length\" header");
    }
    CHECK(proxy::framing_or_method(request("POST", {{"Transfer-Encoding", "Chunked"}})).status == 0);
    auto gzip = proxy::framing_or_method(request("POST", {{"Transfer-Encoding", "gzip"}}));
    CHECK((gzip.status == 501 && gzip.message == "client sent unknown \"Transfer-Encoding\": \"gzip\""));
    CHECK(proxy::framing_or_method(request("POST", {{"Transfer-Encoding", "chunked"}}, 10)).status == 400);
    CHECK(proxy::framing_or_method(request("POST", {{"Transfer-Encoding", "chunked"}, {"Content-Length", "1"}}))
              .status == 400);
    CHECK(proxy::framing_or_method(request("CONNECT", {})).message == "client sent CONNECT method");
    CHECK(proxy::framing_or_method(request("TRACE", {})).status == 405);
}

TEST_CASE("request checks: keep-alive as nginx reads Connection") {
    CHECK(proxy::keeps_alive(request("GET", {})));
    CHECK_FALSE(proxy::keeps_alive(request("GET", {}, 10)));
    CHECK_FALSE(proxy::keeps_alive(request("GET", {{"Connection", "xCLOSEx"}})));
    CHECK(proxy::keeps_alive(request("GET", {{"Connection", "close"}, {"Connection", "Keep-Alive"}})));
    CHECK(proxy::keeps_alive(request("GET", {{"Connection", "keep-alive"}, {"Connection", "upgrade"}}, 10)));
    CHECK_FALSE(proxy::keeps_alive(request("GET", {{"Proxy-Connection", "keep-alive"}}, 10)));
}
