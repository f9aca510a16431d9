#pragma once
// Reads an HTTP header (a client's request or an upstream's response) as nginx does, which also takes a
// bare LF as a line end (Beast's parser insists on CRLF): before the header reaches the parser, a lone LF
// in it becomes CRLF. A client's request gets more of nginx's leniency from RequestHeaderPrepass
// (request_header_prepass.hpp). The body is untouched.
#include <cstddef>
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
    void resized(std::ptrdiff_t) {}
};

// An upstream's response: its bare LFs, nothing else.
struct LineEndsOnly {
    std::ptrdiff_t line_ends(beast::flat_buffer& buffer) {
        return static_cast<std::ptrdiff_t>(normalize_header_line_ends(buffer));
    }
    std::ptrdiff_t lines(beast::flat_buffer&) { return 0; }
    std::size_t ready(const beast::flat_buffer& buffer) const { return buffer.size(); }
    error_code fault() const { return {}; }
    void consumed(std::size_t) {}
};

// As http::async_read_header: (error, bytes of header as they came), with bare LFs accepted. `check` sees the bytes the
// parser has not taken before each parse (fits), what it took (consumed), and how much `prepass` changed the
// lines fits() saw (resized); the read ends with http::error::header_limit when fits() says no. `prepass` fixes
// the line ends before the check (line_ends) and the lines it has counted after (lines), each returning how
// many bytes it added that did not come (negative when it took out some that count), and says how much of
// the buffer the parser may see (ready) or the fault that ends the read (fault), and is told what the parser
// took (consumed).
template <class Stream, class Parser, class Check = NoHeaderCheck, class Prepass = LineEndsOnly>
net::awaitable<std::tuple<error_code, std::size_t>> read_header(Stream& stream, beast::flat_buffer& buffer,
                                                                Parser& parser, Check&& check = {},
                                                                Prepass&& prepass = {}) {
    std::size_t total = 0;
    std::ptrdiff_t added = 0;
    auto read = [&] {  // the bytes as they came; none while the parser has taken none (callers tell by that)
        return total == 0 ? 0 : static_cast<std::size_t>(static_cast<std::ptrdiff_t>(total) - added);
    };
    for (;;) {
        if (buffer.size() > 0) added += prepass.line_ends(buffer);
        if (buffer.size() > 0) {
            if (!check.fits(std::string_view(static_cast<const char*>(buffer.data().data()), buffer.size()))) {
                co_return std::tuple{error_code(http::error::header_limit), read()};
            }
            std::ptrdiff_t changed = prepass.lines(buffer);
            check.resized(changed);
            added += changed;
            if (error_code fault = prepass.fault()) co_return std::tuple{fault, read()};
            error_code ec = http::error::need_more;
            std::size_t used = 0;
            if (std::size_t ready = prepass.ready(buffer); ready > 0) {
                used = parser.put(net::buffer(buffer.data().data(), ready), ec);
            }
            buffer.consume(used);
            check.consumed(used);
            prepass.consumed(used);
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
