#pragma once
// Reads an HTTP header (a client's request or an upstream's response) as nginx does, which also takes a
// bare LF as a line end (Beast's parser insists on CRLF): before the header reaches the parser, a lone LF
// in it becomes CRLF. The body is untouched.
#include <string_view>

#include "proxy/net.hpp"

namespace proxy {

// Rewrites lone LFs in the header part of `buffer` (everything up to the blank line that ends the header,
// or all of it while that has not arrived). Returns how many CRs it added.
std::size_t normalize_header_line_ends(beast::flat_buffer& buffer);

// No limits past the parser's own.
struct NoHeaderCheck {
    bool fits(std::string_view) { return true; }
    void consumed(std::size_t) {}
};

// As http::async_read_header: (error, bytes of header as they came), with bare LFs accepted. `check` sees the bytes the
// parser has not taken before each parse (fits) and what it took (consumed); the read ends with
// http::error::header_limit when fits() says no.
template <class Stream, class Parser, class Check = NoHeaderCheck>
net::awaitable<std::tuple<error_code, std::size_t>> read_header(Stream& stream, beast::flat_buffer& buffer,
                                                                Parser& parser, Check&& check = {}) {
    std::size_t total = 0, added = 0;  // total counts the CRs added
    auto read = [&] { return total > added ? total - added : 0; };  // the bytes as they came
    for (;;) {
        if (buffer.size() > 0) {
            added += normalize_header_line_ends(buffer);
            if (!check.fits(std::string_view(static_cast<const char*>(buffer.data().data()), buffer.size()))) {
                co_return std::tuple{error_code(http::error::header_limit), read()};
            }
            error_code ec;
            std::size_t used = parser.put(buffer.data(), ec);
            buffer.consume(used);
            check.consumed(used);
            total += used;
            if (parser.is_header_done()) co_return std::tuple{error_code{}, read()};
            if (ec && ec != http::error::need_more) co_return std::tuple{ec, read()};
        }
        auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), use_nothrow);
        if (ec == net::error::eof) {
            co_return std::tuple{error_code(buffer.size() == 0 && total == 0 ? http::error::end_of_stream
                                                                             : http::error::partial_message),
                                 read()};
        }
        if (ec) co_return std::tuple{ec, read()};
        buffer.commit(n);
    }
}

}  // namespace proxy
