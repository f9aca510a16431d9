#pragma once
// A response as a handler writes it, read back by a filter (SSI, gzip): the bytes go in as written, and
// come out as the header (once, as serialised) and then the body's pieces, out of their framing. Holds
// what is not read yet and one piece of body.
#include <cstring>
#include <string_view>
#include <vector>

#include "proxy/net.hpp"
#include "proxy/response_parser.hpp"

namespace proxy {

class ResponseReader {
public:
    enum class Kind { Header, Body, More };
    struct Piece {
        Kind kind;
        std::string_view data;  // Header: the header block; Body: a piece of the body
    };

    // A HEAD answer's header announces a body that does not follow.
    explicit ResponseReader(bool head) {
        parser_.eager(false);  // the header alone first: the filter decides on it
        if (head) parser_.skip(true);
    }

    ResponseParser& parser() { return parser_; }
    const ResponseParser& parser() const { return parser_; }
    bool header_done() const { return header_done_; }

    void append(net::const_buffer data) {
        auto room = in_.prepare(data.size());
        std::memcpy(room.data(), data.data(), data.size());
        in_.commit(data.size());
    }

    // The next part the bytes so far hold; More when they hold no more. A Header stays readable until
    // header_taken().
    Piece next() {
        while (in_.size() > 0 && !parser_.is_done()) {
            if (scratch_.empty()) scratch_.resize(16384);  // once per response
            parser_.body().data = scratch_.data();
            parser_.body().size = scratch_.size();
            error_code ec;
            std::size_t used = parser_.put(in_.data(), ec);
            if (!header_done_ && parser_.is_header_done()) {
                header_done_ = true;
                header_size_ = used;
                return {Kind::Header, std::string_view(static_cast<const char*>(in_.data().data()), used)};
            }
            in_.consume(used);
            std::size_t got = scratch_.size() - parser_.body().size;
            if (got) return {Kind::Body, std::string_view(scratch_.data(), got)};
            if (ec == http::error::need_buffer) continue;
            if (ec || used == 0) break;  // wants more, or cannot be read (the handler wrote it: not expected)
        }
        return {Kind::More, {}};
    }

    // The header is dealt with: the body comes next, each piece as soon as it is there.
    void header_taken() {
        in_.consume(header_size_);
        parser_.eager(true);
    }

    // What is not read: all that follows the header, for a filter that passes the body on unchanged.
    net::const_buffer rest() const { return in_.data(); }
    void drop_rest() { in_.consume(in_.size()); }

private:
    ResponseParser parser_;
    beast::flat_buffer in_;
    std::vector<char> scratch_;  // where the parser puts the body it takes out of its framing
    bool header_done_ = false;
    std::size_t header_size_ = 0;
};

}  // namespace proxy
