#include "proxy/auth_request.hpp"

#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>

#include "proxy/access_phase.hpp"

namespace net = proxy::net;
using proxy::auth_request_answer;
using proxy::AuthRequestCapture;

namespace {

// The capture fed `pieces` as a handler would write them.
void feed(AuthRequestCapture& capture, std::initializer_list<std::string> pieces) {
    net::io_context io;
    net::co_spawn(
        io,
        [&]() -> net::awaitable<void> {
            for (const std::string& piece : pieces) {
                bool taken = co_await capture.write(net::buffer(piece));  // not in CHECK: GCC 12 and co_await
                CHECK(taken);
            }
        },
        net::detached);
    io.run();
}

}  // namespace

TEST_CASE("the auth subrequest's status is the access module's answer", "[auth_request]") {
    CHECK(auth_request_answer(200) == proxy::kAccessAllowed);
    CHECK(auth_request_answer(204) == proxy::kAccessAllowed);
    CHECK(auth_request_answer(299) == proxy::kAccessAllowed);
    CHECK(auth_request_answer(401) == 401);
    CHECK(auth_request_answer(403) == 403);
    for (int other : {0, 101, 301, 304, 404, 500, 502}) CHECK(auth_request_answer(other) == 500);
}

TEST_CASE("the capture keeps the status and every WWW-Authenticate, and drops the body", "[auth_request]") {
    AuthRequestCapture capture;
    CHECK(capture.subrequest);
    feed(capture, {"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"a\"\r\nX: y\r\n",
                   "www-authenticate: Bearer\r\nContent-Length: 4\r\n\r\nbo", "dy"});
    CHECK(capture.status() == 401);
    REQUIRE(capture.challenges().size() == 2);
    CHECK(capture.challenges()[0].value == "Basic realm=\"a\"");
    CHECK(capture.challenges()[1].name == "www-authenticate");
    CHECK(capture.challenges()[1].value == "Bearer");
}

TEST_CASE("a subrequest that wrote no header leaves no status", "[auth_request]") {
    AuthRequestCapture capture;
    feed(capture, {"HTTP/1.1 204 No"});
    CHECK(capture.status() == 0);
    CHECK(capture.challenges().empty());
}
