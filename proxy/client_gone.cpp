#include "proxy/client_gone.hpp"

#include <cerrno>

#include "confparse/files.hpp"

namespace proxy {
namespace {

std::string_view action(ClientStage stage) {
    switch (stage) {
        case ClientStage::TlsFirstByte:
        case ClientStage::TlsHandshake: return "SSL handshaking";
        case ClientStage::WaitingForRequest: return "waiting for request";
        case ClientStage::Keepalive: return "";
        case ClientStage::RequestLine: return "reading client request line";
        case ClientStage::PipelinedRequestLine: return "reading client pipelined request line";
        case ClientStage::RequestHeaders: return "reading client request headers";
    }
    return "";
}

// Whether `stage` is one of reading a request's header.
bool reading_request(ClientStage stage) { return stage >= ClientStage::RequestLine; }

std::string with_errno(std::string text, int err) { return text + " (" + confparse::errno_text(err) + ")"; }

}  // namespace

std::optional<std::string> client_gone_message(ClientStage stage, const error_code& ec, bool tls,
                                               std::string_view client) {
    const bool reset = ec == net::error::connection_reset;
    std::string text;
    if (stage == ClientStage::Keepalive) {
        // as nginx, which logs no timeout of an idle connection
        if (!peer_closed(ec) && !reset) return std::nullopt;
        text = "client " + std::string(client) + " closed keepalive connection";
        return reset ? with_errno(std::move(text), ECONNRESET) : text;
    }
    if (ec == beast::error::timeout) {
        text = with_errno("client timed out", ETIMEDOUT);
    } else if (stage == ClientStage::TlsHandshake && (peer_closed(ec) || reset)) {
        text = "peer closed connection in SSL handshake";
        if (reset) text = with_errno(std::move(text), ECONNRESET);
    } else if (reset && !tls) {
        text = with_errno("recv() failed", ECONNRESET);
    } else if (peer_closed(ec) || reset) {  // a TLS connection reset reads as closed (nginx's SSL_read gives 0)
        text = reading_request(stage) ? "client prematurely closed connection" : "client closed connection";
    } else {
        return std::nullopt;
    }
    return text + " while " + std::string(action(stage));
}

}  // namespace proxy
