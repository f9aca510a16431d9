// Feeds arbitrary bytes to the range filter's readers as a client's Range and If-Range would reach them:
// the first byte is max_ranges, the next eight the answer's length, then the Range value up to a '\n' and
// the If-Range value (also read as an HTTP date by proxy::parse_http_time). The ranges a request gets are
// laid out as a multipart/byteranges body. A crash or sanitizer report is a bug, and so is a range outside
// [0, length), more ranges than max_ranges or than the length, a multipart length that is not its parts'
// sum, or a date If-Range that equals Last-Modified yet does not allow ranges: all abort.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "proxy/byte_ranges.hpp"
#include "proxy/http_time.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 9) return 0;
    const std::size_t max_ranges = data[0];
    std::uint64_t bits;
    std::memcpy(&bits, data + 1, sizeof bits);
    // small lengths half the time, where ranges are cut and dropped; any file offset otherwise
    const std::int64_t length =
        bits & 1 ? static_cast<std::int64_t>((bits >> 1) % 2048) : static_cast<std::int64_t>(bits >> 1);
    std::string_view rest(reinterpret_cast<const char*>(data) + 9, size - 9);
    std::size_t newline = rest.find('\n');
    std::string_view range = rest.substr(0, newline);
    std::string if_range(newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1));

    std::optional<std::int64_t> time = proxy::parse_http_time(if_range);
    if (time && if_range.back() != '"' && !proxy::if_range_allows(&if_range, "\"e\"", time)) std::abort();
    proxy::if_range_allows(&if_range, range, std::nullopt);
    if (!proxy::if_range_allows(nullptr, range, time)) std::abort();

    if (!proxy::names_byte_ranges(range)) return 0;
    proxy::RangeRequest request = proxy::parse_byte_ranges(range, length, max_ranges);
    if (request.outcome != proxy::RangeRequest::Outcome::Ranges) {
        if (!request.ranges.empty()) std::abort();
        return 0;
    }
    if (request.ranges.empty() || request.ranges.size() > max_ranges) std::abort();
    std::int64_t total = 0;
    for (const proxy::ByteRange& r : request.ranges) {
        if (r.start < 0 || r.start >= r.end || r.end > length) std::abort();
        total += r.end - r.start;
        if (total > length) std::abort();
        proxy::content_range(r, length);
    }

    proxy::Multipart body(bits, data[1] & 2 ? "text/html; charset=utf-8" : "", length, request.ranges);
    body.content_type();
    std::int64_t sum = static_cast<std::int64_t>(body.trailer().size());
    for (std::size_t i = 0; i < body.ranges().size(); ++i) {
        const proxy::ByteRange& r = body.ranges()[i];
        std::string header = body.part_header(i);
        // the part's Content-Range names the same bytes as a single range's would
        std::string named = proxy::content_range(r, length).substr(6) + "\r\n\r\n";
        if (header.size() < named.size() || header.compare(header.size() - named.size(), named.size(), named) != 0) {
            std::abort();
        }
        if (__builtin_add_overflow(sum, static_cast<std::int64_t>(header.size()), &sum) ||
            __builtin_add_overflow(sum, r.end - r.start, &sum)) {
            return 0;  // a length within a few parts' headers of the largest file offset: not a file's
        }
    }
    if (body.content_length() != sum) std::abort();
    return 0;
}
