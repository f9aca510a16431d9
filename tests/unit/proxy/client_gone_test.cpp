// nginx's info lines for a client that leaves, resets or idles out, by what its connection was doing.
#include "proxy/client_gone.hpp"

#include <catch2/catch.hpp>

using proxy::client_gone_message;
using proxy::ClientStage;
namespace net = proxy::net;
namespace http = proxy::http;

namespace {

std::string message(ClientStage stage, const proxy::error_code& ec, bool tls = false) {
    return client_gone_message(stage, ec, tls, "10.0.0.1").value_or("(none)");
}

}  // namespace

TEST_CASE("a client that closes its connection", "[client_gone]") {
    CHECK(message(ClientStage::TlsFirstByte, net::error::eof) == "client closed connection while SSL handshaking");
    CHECK(message(ClientStage::TlsHandshake, net::ssl::error::stream_truncated, true) ==
          "peer closed connection in SSL handshake while SSL handshaking");
    CHECK(message(ClientStage::WaitingForRequest, net::error::eof) == "client closed connection while waiting for request");
    CHECK(message(ClientStage::WaitingForRequest, net::ssl::error::stream_truncated, true) ==
          "client closed connection while waiting for request");
    CHECK(message(ClientStage::Keepalive, net::error::eof) == "client 10.0.0.1 closed keepalive connection");
    CHECK(message(ClientStage::RequestLine, http::error::partial_message) ==
          "client prematurely closed connection while reading client request line");
    CHECK(message(ClientStage::PipelinedRequestLine, http::error::end_of_stream) ==
          "client prematurely closed connection while reading client pipelined request line");
    CHECK(message(ClientStage::RequestHeaders, http::error::partial_message, true) ==
          "client prematurely closed connection while reading client request headers");
}

TEST_CASE("a client that resets its connection", "[client_gone]") {
    const proxy::error_code reset = net::error::connection_reset;
    CHECK(message(ClientStage::TlsFirstByte, reset) == "recv() failed (104: Connection reset by peer) while SSL handshaking");
    CHECK(message(ClientStage::TlsHandshake, reset, true) ==
          "peer closed connection in SSL handshake (104: Connection reset by peer) while SSL handshaking");
    CHECK(message(ClientStage::WaitingForRequest, reset) ==
          "recv() failed (104: Connection reset by peer) while waiting for request");
    // as nginx, whose SSL_read reads a reset as the connection's end
    CHECK(message(ClientStage::WaitingForRequest, reset, true) == "client closed connection while waiting for request");
    CHECK(message(ClientStage::Keepalive, reset, true) ==
          "client 10.0.0.1 closed keepalive connection (104: Connection reset by peer)");
    CHECK(message(ClientStage::RequestHeaders, reset) ==
          "recv() failed (104: Connection reset by peer) while reading client request headers");
}

TEST_CASE("a client that sends nothing in time", "[client_gone]") {
    const proxy::error_code timeout = proxy::beast::error::timeout;
    CHECK(message(ClientStage::TlsHandshake, timeout, true) ==
          "client timed out (110: Connection timed out) while SSL handshaking");
    CHECK(message(ClientStage::WaitingForRequest, timeout) ==
          "client timed out (110: Connection timed out) while waiting for request");
    CHECK(message(ClientStage::RequestHeaders, timeout) ==
          "client timed out (110: Connection timed out) while reading client request headers");
    CHECK(message(ClientStage::Keepalive, timeout) == "(none)");  // as nginx: an idle connection ends quietly
}

TEST_CASE("other ends are not the client's", "[client_gone]") {
    CHECK(message(ClientStage::WaitingForRequest, net::error::operation_aborted) == "(none)");
    CHECK(message(ClientStage::Keepalive, net::error::operation_aborted) == "(none)");
    CHECK(message(ClientStage::RequestHeaders, http::error::bad_method) == "(none)");
}
