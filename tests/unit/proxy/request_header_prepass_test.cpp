// A client's request header made fit for Beast's parser as nginx reads it: empty lines before the request
// line skipped, a name without a colon taken as a field, invalid names left out (and kept for the log), in
// whatever pieces the header arrives, with the size limits still counting what was left out.
#include "proxy/request_header_prepass.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "proxy/header_limits.hpp"
#include "proxy/read_header.hpp"

namespace net = proxy::net;
using proxy::HeaderLineKind;

namespace {

// Gives `data` to reads `piece` bytes at a time, then the end of the stream.
class PieceStream {
public:
    PieceStream(net::io_context& io, std::string_view data, std::size_t piece) : io_(io), rest_(data), piece_(piece) {}

    template <class Buffers, class Token>
    auto async_read_some(const Buffers& buffers, Token&& token) {
        return net::async_initiate<Token, void(proxy::error_code, std::size_t)>(
            [this, buffers](auto handler) {
                proxy::error_code ec;
                std::size_t n = 0;
                if (rest_.empty()) {
                    ec = net::error::eof;
                } else {
                    n = net::buffer_copy(buffers, net::buffer(rest_.data(), std::min(piece_, rest_.size())));
                    rest_.remove_prefix(n);
                }
                net::post(io_, [handler = std::move(handler), ec, n]() mutable { std::move(handler)(ec, n); });
            },
            token);
    }

private:
    net::io_context& io_;
    std::string_view rest_;
    std::size_t piece_;
};

struct Read {
    proxy::error_code ec;
    std::size_t length = 0;  // as read_header counts it: $request_length
    std::string fields;      // "Name=value;" as the parser took them
    proxy::HeaderAsSent as_sent;
    std::string rest;  // what the parser left in the buffer
    int size_status = 0;
};

struct Options {
    bool ignore_invalid = true;
    bool underscores = false;
    confparse::LargeBuffers large{4, 8192};
};

Read read(std::string_view data, std::size_t piece, Options options = {}) {
    net::io_context io;
    PieceStream stream(io, data, piece);
    proxy::beast::flat_buffer buffer;
    proxy::http::request_parser<proxy::http::empty_body> parser;
    proxy::HeaderSizeCheck size(1024, options.large);
    parser.header_limit(static_cast<std::uint32_t>(size.bound()));
    Read out;
    net::co_spawn(
        io,
        [&]() -> net::awaitable<void> {
            auto [ec, n] = co_await proxy::read_header(
                stream, buffer, parser, size,
                proxy::RequestHeaderPrepass(options.ignore_invalid, options.underscores, out.as_sent));
            out.ec = ec;
            out.length = n;
        },
        net::detached);
    io.run();
    if (!out.ec) {
        for (const auto& field : parser.get()) {
            out.fields += std::string(field.name_string()) + "=" + std::string(field.value()) + ";";
        }
    }
    out.rest.assign(static_cast<const char*>(buffer.data().data()), buffer.size());
    out.size_status = size.status();
    return out;
}

// The same header read whole and in pieces of 1, 2 and 7 bytes gives the same result.
Read read_in_pieces(std::string_view data, Options options = {}) {
    Read whole = read(data, data.size(), options);
    for (std::size_t piece : {1, 2, 7, 1000, 1024, 4096}) {
        Read pieces = read(data, piece, options);
        CHECK(pieces.ec == whole.ec);
        CHECK(pieces.fields == whole.fields);
        if (whole.ec) continue;  // a refused header is refused at a different line, whole or in pieces
        CHECK(pieces.length == whole.length);
        CHECK(pieces.as_sent.ignored_lines == whole.as_sent.ignored_lines);
        CHECK(pieces.as_sent.tabbed_values == whole.as_sent.tabbed_values);
        CHECK(pieces.size_status == whole.size_status);
    }
    return whole;
}

}  // namespace

TEST_CASE("header lines as nginx's parser tells them apart", "[request_header_prepass]") {
    auto kind = [](std::string_view line, bool underscores) { return proxy::read_header_line(line, underscores).kind; };
    CHECK(kind("Host: a\r\n", false) == HeaderLineKind::Valid);
    CHECK(kind("X-A:\r\n", false) == HeaderLineKind::Valid);
    CHECK(kind("X-A: b\n", false) == HeaderLineKind::Valid);
    // nginx takes these; Beast's parser does not, and refuses the request itself
    CHECK(kind("X-A: a\x01\x80 b\t\r\n", false) == HeaderLineKind::Valid);
    CHECK(kind("X-A: a\r\r\n", false) == HeaderLineKind::Valid);
    CHECK(kind("Foo\r\n", false) == HeaderLineKind::NoColon);
    CHECK(kind("F_o: 1\r\n", true) == HeaderLineKind::Valid);
    for (const char* invalid : {"F_o: 1\r\n", "(: x\r\n", "F\x80o: x\r\n", "X.Y: a\r\n", "F(o\r\n", "A/B: c\r\n",
                                "A\"B:\r\n", "A@B: x\r\n", "A{}: x\r\n", "A\\: x\r\n", "A=B: c\r\n"}) {
        CHECK(kind(invalid, false) == HeaderLineKind::Invalid);
    }
    for (std::string refused : {" b\r\n", "\tb\r\n", ": x\r\n", "Foo bar\r\n", "Foo : x\r\n", "F(o o: x\r\n",
                                "A\x7f: x\r\n", "A: a\rb\r\n", "Fo\ro: x\r\n"}) {
        CHECK(kind(refused, false) == HeaderLineKind::Refused);
    }
    CHECK(kind(std::string("A\0: x\r\n", 7), false) == HeaderLineKind::Refused);
    CHECK(kind(std::string("A: x\0y\r\n", 8), false) == HeaderLineKind::Refused);
    CHECK(kind(std::string("\0A: x\r\n", 7), false) == HeaderLineKind::Refused);
    // a line cut short is judged by what has come
    CHECK(kind("X-A: a", false) == HeaderLineKind::Valid);
    CHECK(kind("X A", false) == HeaderLineKind::Refused);
}

TEST_CASE("a line left out is logged as nginx logs it", "[request_header_prepass]") {
    CHECK(proxy::logged_header_line("(: x\r\n") == "(: x");
    CHECK(proxy::logged_header_line("F\x80o: x  y  \r\n") == "F\x80o: x  y");
    CHECK(proxy::logged_header_line("X.Y:   \r\n") == "X.Y:   ");
    CHECK(proxy::logged_header_line("F(o\r\n") == "F(o");
    CHECK(proxy::logged_header_line("F(o: a\t\r\n") == "F(o: a\t");
}

TEST_CASE("empty lines before the request line are skipped and not counted", "[request_header_prepass]") {
    std::string request = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    Read r = read_in_pieces("\r\n\n\r\r\n" + request + "body");
    CHECK_FALSE(r.ec);
    CHECK(r.length == request.size());
    CHECK(r.fields == "Host=a;");
    CHECK(r.rest == "body");
}

TEST_CASE("only empty lines, then the end: no request", "[request_header_prepass]") {
    Read r = read_in_pieces("\r\n\r\n");
    CHECK(r.ec == proxy::http::error::end_of_stream);
}

TEST_CASE("invalid header lines are left out, counted, and kept for the log", "[request_header_prepass]") {
    std::string header =
        "GET / HTTP/1.1\r\nHost: a\r\n(: x\r\nF\x80o: x  y  \r\nFoo\r\nX.Y:   \r\nF(o\nF_o: 1\r\nB: 2\r\n\r\n";
    Read r = read_in_pieces(header + "(: body\r\nFoo\r\n\r\n");
    CHECK_FALSE(r.ec);
    CHECK(r.length == header.size());
    CHECK(r.fields == "Host=a;Foo=;B=2;");
    CHECK(r.as_sent.ignored_lines == std::vector<std::string>{"(: x", "F\x80o: x  y", "X.Y:   ", "F(o", "F_o: 1"});
    CHECK(r.rest == "(: body\r\nFoo\r\n\r\n");  // the body is never touched

    Read underscores = read_in_pieces(header, Options{.underscores = true});
    CHECK(underscores.fields == "Host=a;Foo=;F_o=1;B=2;");
}

TEST_CASE("with ignore_invalid_headers off, an invalid name stays for the parser", "[request_header_prepass]") {
    Read kept = read_in_pieces("GET / HTTP/1.1\r\nHost: a\r\nX.Y: 1\r\nFoo\r\n\r\n", Options{.ignore_invalid = false});
    CHECK_FALSE(kept.ec);
    CHECK(kept.fields == "Host=a;X.Y=1;Foo=;");
    Read refused = read_in_pieces("GET / HTTP/1.1\r\nHost: a\r\n(: x\r\n\r\n", Options{.ignore_invalid = false});
    CHECK(refused.ec);
    CHECK(refused.as_sent.ignored_lines.empty());
}

TEST_CASE("a line nginx refuses stays for the parser to refuse", "[request_header_prepass]") {
    Read r = read_in_pieces("GET / HTTP/1.1\r\nHost: a\r\nFoo bar\r\n(: x\r\n\r\n");
    CHECK(r.ec);
    CHECK(r.as_sent.ignored_lines.empty());
}

TEST_CASE("lines left out still count against the header's size", "[request_header_prepass]") {
    std::string header = "GET / HTTP/1.1\r\nHost: a\r\n";
    for (int i = 0; i < 40; ++i) header += "(: " + std::string(100, 'x') + "\r\n";
    Read r = read_in_pieces(header + "\r\n", Options{.large = {2, 1024}});
    CHECK(r.ec == proxy::http::error::header_limit);
    CHECK(r.size_status == 494);
    CHECK(r.as_sent.ignored_lines.size() < 40);
}

TEST_CASE("a request line nginx takes is given to the parser in its form, and counted as it came",
          "[request_header_prepass]") {
    std::string line = "GET   /a  HTTP/1.2 \r\n";
    std::string header = line + "Host: a\r\n\r\n";
    Read r = read_in_pieces(header + "body");
    CHECK_FALSE(r.ec);
    CHECK(r.length == header.size());
    CHECK(r.fields == "Host=a;");
    CHECK(r.as_sent.request_line.text == "GET   /a  HTTP/1.2 ");
    CHECK(r.rest == "body");

    Read pieces = read("GET  /a HTTP/1.1\r\nHost: a\r\n\r\n", 1);  // the parser waits for the line's end
    CHECK_FALSE(pieces.ec);
    CHECK(pieces.as_sent.request_line.text == "GET  /a HTTP/1.1");
}

TEST_CASE("a value with a tab at either end is kept as nginx reads it", "[request_header_prepass]") {
    using proxy::tabbed_value;
    CHECK(tabbed_value("Host: \ta\r\n", 4) == "\ta");
    CHECK(tabbed_value("TE:  chunked\t  \r\n", 2) == "chunked\t");
    CHECK(tabbed_value("X:\t\r\n", 1) == "\t");
    CHECK_FALSE(tabbed_value("X: a\tb \r\n", 1));
    CHECK_FALSE(tabbed_value("X:   \r\n", 1));

    // by the field's place among those the parser reads, lines left out not counted
    Read r = read_in_pieces("GET / HTTP/1.1\r\nHost: a\r\n(: x\r\nFoo\r\nTE: chunked\t\r\nX:\t1\t\r\n\r\n");
    CHECK_FALSE(r.ec);
    CHECK(r.fields == "Host=a;Foo=;TE=chunked;X=1;");  // as the parser reads them
    using Values = std::vector<std::pair<std::size_t, std::string>>;
    CHECK(r.as_sent.tabbed_values == Values{{2, "chunked\t"}, {3, "\t1\t"}});
}

TEST_CASE("a request line the parser refuses is refused before its end", "[request_header_prepass]") {
    CHECK(read("\x16\x03\x01\x02", 4).ec == proxy::http::error::bad_method);  // TLS on a plain port
    // as nginx, where the parser would wait for more: a lower-case method, a target with a space in it
    CHECK(read("g", 1).ec == proxy::http::error::bad_method);
    CHECK(read("GET /a b\r\n", 100).ec == proxy::http::error::bad_target);
    CHECK(read("GET /a b", 100).ec == proxy::http::error::bad_target);
    // ... and so is a header line, at a CR that no LF follows or a space in its name
    CHECK(read("GET / HTTP/1.1\r\nHost: a\r\nX: a\rb", 100).ec == proxy::http::error::bad_field);
    CHECK(read("GET / HTTP/1.1\r\nHost: a\r\nX Y", 100).ec == proxy::http::error::bad_field);
    CHECK(read("GET / HTTP/1.1\r\nHost: a\r", 100).ec == proxy::http::error::partial_message);
    CHECK(read("GET / HTTP/1.1\r\nHost: a\r\n(: x", 100).ec == proxy::http::error::partial_message);
}

TEST_CASE("refused header lines: what nginx logs of them", "[request_header_prepass]") {
    using proxy::refused_header_text;
    CHECK(refused_header_text(std::string_view("X-A: a\0b\r\n", 10)) == "X-A: a\\x00...");
    CHECK(refused_header_text("X-A : b\r\n") == "X-A\\x20...");
    CHECK(refused_header_text(" b\r\n") == "\\x20...");
    CHECK(refused_header_text("\tb\r\n") == "\\x09...");
    CHECK(refused_header_text(": b\r\n") == "\\x3a...");
    CHECK(refused_header_text("X-A: a\rb\r\n") == "X-A: a\\x0d...");
    CHECK(refused_header_text("X-A: a\r\rb\r\n") == "X-A: a\\x0d...");  // the first CR ends the value
    CHECK(refused_header_text("Fo\ro: x\r\n") == "Fo\\x0d...");
    // lines nginx takes
    CHECK_FALSE(refused_header_text("X-A: a b\r\n"));
    CHECK_FALSE(refused_header_text("X-A: a\r\r\n"));
    CHECK_FALSE(refused_header_text("X(A): \x01\r\n"));
    CHECK_FALSE(refused_header_text("Foo\r\n"));
    CHECK_FALSE(refused_header_text(""));
}
