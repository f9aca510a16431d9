#include "proxy/byte_ranges.hpp"

#include <strings.h>

#include <cinttypes>
#include <cstdio>
#include <limits>
#include <utility>

#include "proxy/http_time.hpp"

namespace proxy {
namespace {

constexpr std::string_view kPrefix = "bytes=";

// The header's text as nginx reads it: a NUL where it ends.
char at(std::string_view s, std::size_t i) { return i < s.size() ? s[i] : '\0'; }

bool digit(char c) { return c >= '0' && c <= '9'; }

void skip_spaces(std::string_view s, std::size_t& p) {
    while (at(s, p) == ' ') ++p;
}

// Digits at p into `value`; false when they overflow a file offset (nginx's off_t).
bool read_offset(std::string_view s, std::size_t& p, std::int64_t& value) {
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    constexpr std::int64_t kCutoff = kMax / 10, kCutlim = kMax % 10;
    for (; digit(at(s, p)); ++p) {
        int d = at(s, p) - '0';
        if (value >= kCutoff && (value > kCutoff || d > kCutlim)) return false;
        value = value * 10 + d;
    }
    return true;
}

RangeRequest outcome(RangeRequest::Outcome o) { return RangeRequest{o, {}}; }

}  // namespace

bool names_byte_ranges(std::string_view range) {
    return range.size() > kPrefix.size() && strncasecmp(range.data(), kPrefix.data(), kPrefix.size()) == 0;
}

RangeRequest parse_byte_ranges(std::string_view s, std::int64_t length, std::size_t max_ranges) {
    using Outcome = RangeRequest::Outcome;
    RangeRequest out{Outcome::Ranges, {}};
    std::size_t p = kPrefix.size();
    std::int64_t total = 0;
    std::size_t room = max_ranges;
    for (;;) {
        std::int64_t start = 0, end = 0;
        bool suffix = false, open = false;
        skip_spaces(s, p);
        if (at(s, p) != '-') {
            if (!digit(at(s, p)) || !read_offset(s, p, start)) return outcome(Outcome::NotSatisfiable);
            skip_spaces(s, p);
            if (at(s, p++) != '-') return outcome(Outcome::NotSatisfiable);
            skip_spaces(s, p);
            open = at(s, p) == ',' || at(s, p) == '\0';  // "first-": to the end
        } else {
            suffix = true;
            ++p;
        }
        if (open) {
            end = length;
        } else {
            if (!digit(at(s, p)) || !read_offset(s, p, end)) return outcome(Outcome::NotSatisfiable);
            skip_spaces(s, p);
            if (at(s, p) != ',' && at(s, p) != '\0') return outcome(Outcome::NotSatisfiable);
            if (suffix) {
                start = end < length ? length - end : 0;
                end = length - 1;
            }
            end = end >= length ? length : end + 1;  // past the end: cut to it
        }
        if (start < end) {
            out.ranges.push_back({start, end});
            if (total > std::numeric_limits<std::int64_t>::max() - (end - start)) {
                return outcome(Outcome::NotSatisfiable);
            }
            total += end - start;
            if (room-- == 0) return outcome(Outcome::Whole);  // as nginx: more than max_ranges
        } else if (start == 0) {
            return outcome(Outcome::Whole);  // an empty answer, or "-0" of one
        }
        if (at(s, p++) != ',') break;
    }
    if (out.ranges.empty()) return outcome(Outcome::NotSatisfiable);
    if (total > length) return outcome(Outcome::Whole);  // overlapping ranges that would send more than it all
    return out;
}

bool if_range_allows(const std::string* if_range, std::string_view etag, std::optional<std::int64_t> last_modified) {
    if (!if_range) return true;
    const std::string& v = *if_range;
    if (v.size() >= 2 && v.back() == '"') return !etag.empty() && v == etag;
    if (!last_modified) return false;
    return parse_http_time(v).value_or(-1) == *last_modified;  // nginx compares its error value, -1, too
}

std::string content_range(const ByteRange& range, std::int64_t length) {
    char buf[96];
    int n =
        std::snprintf(buf, sizeof buf, "bytes %" PRId64 "-%" PRId64 "/%" PRId64, range.start, range.end - 1, length);
    return std::string(buf, static_cast<std::size_t>(n));
}

Multipart::Multipart(std::uint64_t boundary, std::string_view content_type, std::int64_t length,
                     std::vector<ByteRange> ranges)
    : length_(length), ranges_(std::move(ranges)) {
    char digits[32];
    int n = std::snprintf(digits, sizeof digits, "%020" PRIu64, boundary);
    boundary_.assign(digits, static_cast<std::size_t>(n));
    part_start_ = "\r\n--" + boundary_ + "\r\n";
    if (!content_type.empty()) part_start_.append("Content-Type: ").append(content_type).append("\r\n");
    part_start_ += "Content-Range: bytes ";
}

std::string Multipart::content_type() const { return "multipart/byteranges; boundary=" + boundary_; }

std::string Multipart::part_header(std::size_t i) const {
    const ByteRange& r = ranges_[i];
    char buf[96];
    int n = std::snprintf(buf, sizeof buf, "%" PRId64 "-%" PRId64 "/%" PRId64 "\r\n\r\n", r.start, r.end - 1, length_);
    return part_start_ + std::string(buf, static_cast<std::size_t>(n));
}

std::string Multipart::trailer() const { return "\r\n--" + boundary_ + "--\r\n"; }

std::int64_t Multipart::content_length() const {
    std::int64_t total = static_cast<std::int64_t>(trailer().size());
    for (std::size_t i = 0; i < ranges_.size(); ++i) {
        total += static_cast<std::int64_t>(part_header(i).size()) + (ranges_[i].end - ranges_[i].start);
    }
    return total;
}

}  // namespace proxy
