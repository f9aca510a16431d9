#pragma once
// nginx's limits on a request header: it is read into a first buffer of client_header_buffer_size; a line
// that does not fit there moves to one of `large_client_header_buffers` buffers, which no line may
// outgrow, and there are only so many of them. Past either limit nginx answers 414 when the line is the
// request line, else 400 "Request Header Or Cookie Too Large" (494).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "confparse/config.hpp"

namespace proxy {

// Follows a request header as it arrives and is taken by the HTTP parser, line by line, packing the lines
// into buffers as nginx does. It also notes a line that starts with a space or a tab (an obsolete line
// folding), which nginx refuses with 400 and the HTTP parser would quietly join to the line before.
class HeaderSizeCheck {
public:
    HeaderSizeCheck(std::size_t first_buffer, const confparse::LargeBuffers& large);

    // Looks at the bytes the parser has not taken yet; false once the header is too large.
    bool fits(std::string_view unread);
    // The parser took `n` bytes (whole lines) off the front of what fits() saw.
    void consumed(std::size_t n) { counted_ -= std::min(counted_, n); }
    // A pre-pass made the whole lines fits() placed `delta` bytes longer (or shorter): they stay placed.
    void resized(std::ptrdiff_t delta) {
        counted_ = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(counted_) + delta);
    }

    int status() const { return status_; }                     // 0 (fits so far), 414 or 494
    const std::string& refused_line() const { return line_; }  // the start of the line that did not fit
    bool past_request_line() const { return !request_line_; }
    // the first byte, ' ' or '\t', of the first header line that continues the one before (0: none)
    char folded() const { return folded_; }

    // The most header bytes that can ever fit: a bound for the HTTP parser's own limit.
    std::size_t bound() const { return bound_; }

private:
    bool place(std::string_view line, bool complete);

    std::size_t size_;
    std::int64_t count_;
    std::size_t capacity_;
    std::size_t bound_;
    std::size_t used_ = 0;
    std::int64_t large_in_use_ = 0;
    bool request_line_ = true;
    bool ended_ = false;        // the blank line was seen
    char folded_ = 0;
    std::size_t counted_ = 0;   // bytes at the front of the unread part already placed
    int status_ = 0;
    std::string line_;
};

}  // namespace proxy
