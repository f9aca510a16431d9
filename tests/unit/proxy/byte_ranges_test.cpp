#include <catch2/catch.hpp>

#include "proxy/byte_ranges.hpp"

using proxy::ByteRange;
using proxy::if_range_allows;
using proxy::Multipart;
using proxy::names_byte_ranges;
using proxy::parse_byte_ranges;
using proxy::RangeRequest;
using Outcome = RangeRequest::Outcome;

namespace {

RangeRequest parse(const char* value, std::int64_t length = 1000, std::size_t max = 0x7fffffff) {
    return parse_byte_ranges(value, length, max);
}

Outcome outcome(const char* value, std::int64_t length = 1000, std::size_t max = 0x7fffffff) {
    return parse(value, length, max).outcome;
}

}  // namespace

TEST_CASE("names_byte_ranges wants bytes= in any case and something after it") {
    CHECK(names_byte_ranges("bytes=0-1"));
    CHECK(names_byte_ranges("BYTES=-1"));
    CHECK(names_byte_ranges("bytes=x"));
    CHECK_FALSE(names_byte_ranges("bytes="));
    CHECK_FALSE(names_byte_ranges("items=0-1"));
    CHECK_FALSE(names_byte_ranges("bytes 0-1"));
    CHECK_FALSE(names_byte_ranges(""));
}

TEST_CASE("parse_byte_ranges reads single, open and suffix ranges as ngx_http_range_parse") {
    CHECK(parse("bytes=0-8").ranges == std::vector<ByteRange>{{0, 9}});
    CHECK(parse("bytes=-10").ranges == std::vector<ByteRange>{{990, 1000}});
    CHECK(parse("bytes=990-").ranges == std::vector<ByteRange>{{990, 1000}});
    CHECK(parse("bytes=990-1990").ranges == std::vector<ByteRange>{{990, 1000}});  // cut to the end
    CHECK(parse("bytes=0-10001").ranges == std::vector<ByteRange>{{0, 1000}});
    CHECK(parse("bytes=-2000").ranges == std::vector<ByteRange>{{0, 1000}});  // a suffix longer than it all
    CHECK(parse("bytes=999-999").ranges == std::vector<ByteRange>{{999, 1000}});
    // spaces around numbers, dashes and commas
    CHECK(parse("bytes= 1 - 2 , -3 ").ranges == std::vector<ByteRange>{{1, 3}, {997, 1000}});
    CHECK(parse("BYTES=1-2").ranges == std::vector<ByteRange>{{1, 3}});
}

TEST_CASE("parse_byte_ranges: several ranges, as asked, overlapping or not") {
    auto r = parse("bytes=0-9, -10, 10-19");
    CHECK(r.outcome == Outcome::Ranges);
    CHECK(r.ranges == std::vector<ByteRange>{{0, 10}, {990, 1000}, {10, 20}});
    // one past the end is dropped, the others kept
    CHECK(parse("bytes=0-9, -10, 100000-, 10-19").ranges == std::vector<ByteRange>{{0, 10}, {990, 1000}, {10, 20}});
    CHECK(parse("bytes=0-1,0-1").ranges == std::vector<ByteRange>{{0, 2}, {0, 2}});
    // more bytes than the answer has: the whole answer instead
    CHECK(outcome("bytes=0-10001, 0-0") == Outcome::Whole);
    CHECK(outcome("bytes=0-499,0-499,0-1") == Outcome::Whole);
    CHECK(outcome("bytes=0-499,0-499") == Outcome::Ranges);
}

TEST_CASE("parse_byte_ranges: what makes a 416") {
    for (const char* bad : {"bytes=100000-", "bytes=alpha", "bytes=10-alpha", "bytes=10", "bytes=10-11 12-",
                            "bytes=5-3", "bytes=1000-", "bytes=1000-2000", "bytes=-", "bytes=--1", "bytes=1--2",
                            "bytes=0-1,", "bytes=0-1,,2-3", "bytes=,0-1", "bytes=-0", "bytes=0-1;2-3", "bytes=\t0-1",
                            "bytes=1000-1, 2000-", "bytes=- 3"}) {  // no space after a suffix's dash
        INFO(bad);
        CHECK(outcome(bad) == Outcome::NotSatisfiable);
    }
    // numbers past the largest file offset
    CHECK(outcome("bytes=9223372036854775807-") == Outcome::NotSatisfiable);  // fits, but past the end
    CHECK(outcome("bytes=9223372036854775808-") == Outcome::NotSatisfiable);
    CHECK(outcome("bytes=0-9223372036854775808") == Outcome::NotSatisfiable);
    CHECK(outcome("bytes=-99999999999999999999") == Outcome::NotSatisfiable);
    CHECK(parse("bytes=0-9223372036854775807").ranges == std::vector<ByteRange>{{0, 1000}});
}

TEST_CASE("parse_byte_ranges: empty ranges from 0 and empty answers send the whole answer") {
    CHECK(outcome("bytes=0-", 0) == Outcome::Whole);
    CHECK(outcome("bytes=-5", 0) == Outcome::Whole);
    CHECK(outcome("bytes=0-0", 0) == Outcome::Whole);
    CHECK(outcome("bytes=1-", 0) == Outcome::NotSatisfiable);
    CHECK(outcome("bytes=-0", 0) == Outcome::Whole);
    CHECK(outcome("bytes=-0", 10) == Outcome::NotSatisfiable);  // empty, but not from 0: dropped
    CHECK(parse("bytes=-0,1-2", 10).ranges == std::vector<ByteRange>{{1, 3}});
}

TEST_CASE("parse_byte_ranges: max_ranges") {
    CHECK(outcome("bytes=0-9, -10", 1000, 2) == Outcome::Ranges);
    CHECK(outcome("bytes=0-9, -10, 10000-", 1000, 2) == Outcome::Ranges);  // a dropped range does not count
    CHECK(outcome("bytes=0-9, -10, 10-19", 1000, 2) == Outcome::Whole);
    CHECK(outcome("bytes=0-9", 1000, 1) == Outcome::Ranges);
    CHECK(outcome("bytes=0-9,20-29", 1000, 1) == Outcome::Whole);
    // the syntax after the range that is one too many is not read
    CHECK(outcome("bytes=0-9,20-29,junk", 1000, 1) == Outcome::Whole);
    CHECK(outcome("bytes=0-9,junk", 1000, 1) == Outcome::NotSatisfiable);
}

TEST_CASE("if_range_allows compares an entity tag exactly, or a date to Last-Modified") {
    const std::string etag = "\"5f5e1000-3e8\"";
    const std::int64_t time = 1700000000;
    CHECK(if_range_allows(nullptr, etag, time));
    std::string same = etag, weak = "W/" + etag, other = "\"x\"";
    CHECK(if_range_allows(&same, etag, time));
    CHECK_FALSE(if_range_allows(&weak, etag, time));
    CHECK_FALSE(if_range_allows(&other, etag, time));
    CHECK_FALSE(if_range_allows(&same, "", time));  // no ETag
    std::string date = "Tue, 14 Nov 2023 22:13:20 GMT", older = "Tue, 14 Nov 2023 22:13:19 GMT", junk = "wrong";
    CHECK(if_range_allows(&date, etag, time));
    CHECK_FALSE(if_range_allows(&older, etag, time));
    CHECK_FALSE(if_range_allows(&junk, etag, time));
    CHECK_FALSE(if_range_allows(&date, etag, std::nullopt));  // no Last-Modified
    std::string quote = "\"";                                 // too short for a tag: read as a date
    CHECK_FALSE(if_range_allows(&quote, "\"", time));
}

TEST_CASE("Multipart writes nginx's part headers and knows the length beforehand") {
    Multipart m(7, "text/html; charset=A", 1000, {{0, 4}, {990, 1000}});
    CHECK(m.content_type() == "multipart/byteranges; boundary=00000000000000000007");
    CHECK(m.part_header(0) ==
          "\r\n--00000000000000000007\r\nContent-Type: text/html; charset=A\r\nContent-Range: bytes 0-3/1000\r\n\r\n");
    CHECK(m.part_header(1) ==
          "\r\n--00000000000000000007\r\nContent-Type: text/html; charset=A\r\nContent-Range: bytes "
          "990-999/1000\r\n\r\n");
    CHECK(m.trailer() == "\r\n--00000000000000000007--\r\n");
    CHECK(m.content_length() ==
          static_cast<std::int64_t>(m.part_header(0).size() + 4 + m.part_header(1).size() + 10 + m.trailer().size()));
    Multipart untyped(1, "", 10, {{0, 1}, {2, 3}});
    CHECK(untyped.part_header(0) == "\r\n--00000000000000000001\r\nContent-Range: bytes 0-0/10\r\n\r\n");
    // nginx's 220 bytes for two 10-byte text/html parts of 1000
    CHECK(Multipart(1, "text/html", 1000, {{0, 10}, {990, 1000}}).content_length() == 220);
    CHECK(proxy::content_range({990, 1000}, 1000) == "bytes 990-999/1000");
}
