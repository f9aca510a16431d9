#pragma once
// The byte ranges a request asks for, as nginx's range filter reads them: the Range header ("bytes=" and
// a list of "first-last", "first-" and "-suffix"), If-Range, and the multipart/byteranges body that carries
// more than one range (its part headers and whole length, known before the first byte goes out).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace proxy {

// [start, end): `end` is one past the range's last byte.
struct ByteRange {
    std::int64_t start = 0;
    std::int64_t end = 0;
    bool operator==(const ByteRange&) const = default;
};

struct RangeRequest {
    // Whole: the answer goes whole (200), as if no range had been asked for; NotSatisfiable: 416
    enum class Outcome { Ranges, NotSatisfiable, Whole } outcome = Outcome::Whole;
    std::vector<ByteRange> ranges;
};

// Whether a Range value is one the filter reads at all: "bytes=" (any case) and something after it.
// Otherwise it is ignored, and the answer says Accept-Ranges.
bool names_byte_ranges(std::string_view range);

// The ranges of `range` (a value names_byte_ranges accepts) over an answer of `length` bytes, as
// ngx_http_range_parse: spaces around numbers and dashes, a range past the end cut to it, one starting
// past it dropped (416 when none is left), a syntax error or an overflow a 416; more than `max_ranges`
// ranges, or ranges that add up to more than the answer, are ignored (the whole answer), as is an empty
// range starting at 0.
RangeRequest parse_byte_ranges(std::string_view range, std::int64_t length, std::size_t max_ranges);

// Whether If-Range lets ranges be served: an entity tag (a value ending with a quote) equal, byte for byte,
// to the answer's ETag; else a date equal to its Last-Modified time. Without If-Range, true.
bool if_range_allows(const std::string* if_range, std::string_view etag, std::optional<std::int64_t> last_modified);

// A multipart/byteranges body, as nginx writes it: each part after CRLF "--BOUNDARY" CRLF, its
// Content-Type (when the answer has one) and Content-Range lines and an empty line; CRLF "--BOUNDARY--"
// CRLF at the end. The boundary is a number written in 20 digits, as nginx's (its temp number counter).
class Multipart {
public:
    Multipart(std::uint64_t boundary, std::string_view content_type, std::int64_t length,
              std::vector<ByteRange> ranges);

    std::string content_type() const;              // "multipart/byteranges; boundary=…"
    std::string part_header(std::size_t i) const;  // what precedes part i's bytes
    std::string trailer() const;                   // what follows the last part
    std::int64_t content_length() const;           // the whole body's length
    const std::vector<ByteRange>& ranges() const { return ranges_; }

private:
    std::string boundary_;
    std::string part_start_;  // CRLF "--BOUNDARY" CRLF, Content-Type line, "Content-Range: bytes "
    std::int64_t length_;
    std::vector<ByteRange> ranges_;
};

// "bytes START-LAST/LENGTH", a single range's Content-Range.
std::string content_range(const ByteRange& range, std::int64_t length);

}  // namespace proxy
