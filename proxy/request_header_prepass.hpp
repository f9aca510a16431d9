#pragma once
// What nginx accepts in a client's request header and Beast's parser would refuse, made fit for the parser
// before it sees the header (see read_header): empty lines before the request line are skipped (RFC 9112
// 2.2), a request line nginx takes is given in the form the parser reads (request_line.hpp), a bare LF
// ends a line, a header line without a colon is a field with an empty value, and with
// ignore_invalid_headers a line whose name nginx calls invalid is left out, for nginx's info line. What
// nginx refuses is refused at the byte where nginx refuses it, where the parser might wait for more.
#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "proxy/net.hpp"
#include "proxy/request_line.hpp"

namespace proxy {

// What nginx's ngx_http_parse_header_line makes of one header line, its line end included.
enum class HeaderLineKind {
    Valid,    // a field as it is (or a line cut short with no fault so far)
    NoColon,  // a name alone: a field with an empty value
    Invalid,  // a name with other bytes than letters, digits, '-' (and '_' with underscores_in_headers)
    Refused,  // the request is refused with 400 (whitespace or a control byte in the name, a NUL, a CR
              // followed by something other than CRs and a LF)
};
struct HeaderLineReading {
    HeaderLineKind kind = HeaderLineKind::Valid;
    std::size_t stop = 0;   // of a Refused line: the byte nginx stopped at
    std::size_t colon = 0;  // of a Valid or Invalid line: where its ':' is
};
// The line is read as nginx reads it; Beast's parser refuses more (control bytes in a value, CR CR LF),
// which it is left to do.
HeaderLineReading read_header_line(std::string_view line, bool underscores);

// nginx's value of a field line (CRLF included) whose ':' is at `colon`, when it has a tab at either end:
// the parser trims tabs off, nginx only spaces. Nothing for any other line.
std::optional<std::string_view> tabbed_value(std::string_view line, std::size_t colon);

// The text of a line nginx logs when it leaves it out: up to the end of its value, spaces after it not.
std::string_view logged_header_line(std::string_view line);

// What nginx logs of a header line it refuses (400): the line up to the byte it stopped at, that byte as
// \xNN, then "..."; nothing when nginx takes the line (Beast's parser refuses more than nginx does).
std::optional<std::string> refused_header_text(std::string_view line);

class RequestHeaderPrepass {
public:
    // `as_sent` receives what the parser is not given as it came; it lives as long as the request.
    RequestHeaderPrepass(bool ignore_invalid, bool underscores, HeaderAsSent& as_sent)
        : ignore_invalid_(ignore_invalid), underscores_(underscores), as_sent_(&as_sent) {}

    // Before the header's size is checked: drops the empty lines before the request line (nginx counts
    // them nowhere) and rewrites bare LFs. Returns how many bytes it added.
    std::ptrdiff_t line_ends(beast::flat_buffer& buffer);
    // After the size check, which has counted them: judges the request line (see request_line.hpp), fixes
    // or leaves out the header lines that arrived whole, up to the blank line that ends the header, and
    // judges the line still arriving. Returns the bytes added (less those left out, which nginx counts in
    // $request_length).
    std::ptrdiff_t lines(beast::flat_buffer& buffer);
    // How much of the buffer the parser may see: all but a line still arriving, which the parser would
    // refuse at its first byte outside its grammar, where nginx waits for its end (and may take it, or leave
    // it out).
    std::size_t ready(const beast::flat_buffer& buffer) const {
        if (!past_request_line_) return hold_ ? 0 : buffer.size();
        return ended_ ? buffer.size() : done_;
    }
    // The fault nginx found in the request line (request_line_fault) or in a header line still arriving
    // (http::error::bad_field), which ends the read.
    error_code fault() const { return fault_; }
    // The parser took `n` bytes (no more than ready()) off the front of the buffer.
    void consumed(std::size_t n) { done_ -= std::min(done_, n); }

private:
    bool ignore_invalid_;
    bool underscores_;
    HeaderAsSent* as_sent_;
    std::size_t fields_ = 0;          // the fields given to the parser so far
    bool started_ = false;            // the request line's first byte has come
    bool past_request_line_ = false;  // lines() has seen the request line whole
    std::size_t done_ = 0;            // the bytes at the front of the buffer lines() has seen to
    bool ended_ = false;              // lines() has seen the header's end, or a line the parser refuses
    bool hold_ = false;               // the request line so far is not for the parser yet
    error_code fault_;
};

}  // namespace proxy
