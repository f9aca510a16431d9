#pragma once
// What the filters that read a response back as its handler writes it (sub, gzip) share: the bytes go into a
// ResponseReader, whose header and body pieces go to the filter's on_header() and on_body(); once the filter
// lets the answer through, the rest goes on unchanged; a changed body goes on in pieces, chunk-framed or not.
#include <cstdio>
#include <string>

#include "proxy/exchange.hpp"
#include "proxy/response_reader.hpp"

namespace proxy {

template <class Derived, class Stream>
class ReadingFilter : public ResponseSink {
public:
    net::awaitable<bool> write(net::const_buffer data) override {
        if (passthrough_) {
            co_await write_onward(x_, next_, data);
            co_return !x_.failed;
        }
        reader_.append(data);
        co_return co_await parse();
    }

protected:
    // `next`: the filter after this one, null for the client.
    ReadingFilter(Exchange<Stream>& x, ResponseSink* next) : x_(x), next_(next), reader_(x.r.method == "HEAD") {}
    ~ReadingFilter() = default;

    // The level of the last internal redirect, whose settings the answer goes out with.
    const confparse::HttpScope& scope() const { return x_.r.location ? x_.r.location->scope : x_.r.server->scope; }

    // What follows goes on unchanged: the handler then writes to the next filter (or the client) itself, unless
    // it writes through a copy of the exchange (an internal redirect).
    void through() {
        passthrough_ = true;
        if (x_.sink == this) x_.sink = next_;
    }

    // One write per piece of the changed body, with its chunk framing when `chunked`.
    net::awaitable<void> send_piece(std::string_view data, bool chunked) {
        if (!chunked) {
            co_await send(net::buffer(data.data(), data.size()));
            co_return;
        }
        char size_line[32];
        int len = std::snprintf(size_line, sizeof size_line, "%zx\r\n", data.size());
        frame_.assign(size_line, static_cast<std::size_t>(len)).append(data).append("\r\n");
        co_await send(net::buffer(frame_));
    }

    // After the handler: whether the body came whole (one delimited by the connection's end ends here). One
    // cut short ends the connection: as nginx, no end of stream goes out that would make it look whole.
    bool body_whole() {
        ResponseParser& parser = reader_.parser();
        if (!parser.is_done()) {
            error_code ec;
            parser.put_eof(ec);
        }
        if (!parser.is_done()) x_.keep_alive = false;
        return parser.is_done();
    }

    net::awaitable<void> send(net::const_buffer data) {
        wire_ += data.size();
        co_await write_onward(x_, next_, data);
    }

    Exchange<Stream>& x_;
    ResponseSink* next_;
    ResponseReader reader_;
    bool passthrough_ = false;
    std::uint64_t wire_ = 0;  // the changed body's bytes sent, with their framing

private:
    net::awaitable<bool> parse() {
        Derived& self = static_cast<Derived&>(*this);
        for (;;) {
            ResponseReader::Piece piece = reader_.next();
            if (piece.kind == ResponseReader::Kind::More) break;
            if (piece.kind == ResponseReader::Kind::Header) {
                co_await self.on_header(piece.data);
                reader_.header_taken();
                if (passthrough_) break;
            } else {
                co_await self.on_body(piece.data);
            }
            if (x_.failed) co_return false;
        }
        if (passthrough_ && reader_.rest().size()) {
            co_await write_onward(x_, next_, reader_.rest());
            reader_.drop_rest();
        }
        co_return !x_.failed;
    }

    std::string frame_;  // a piece with its chunk framing, reused
};

}  // namespace proxy
