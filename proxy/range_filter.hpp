#pragma once
// nginx's range filter on an answer about to go out: a main request's 200 of known length that allows
// ranges (a static file; a proxied answer with proxy_force_ranges, one range at most) becomes a 206 of
// the range asked for, or of several as multipart/byteranges, or a 416, unless If-Range says the answer
// changed; otherwise it says "Accept-Ranges: bytes". The byte ranges themselves: byte_ranges.hpp.
#include <optional>
#include <string>

#include "proxy/byte_ranges.hpp"
#include "proxy/exchange.hpp"
#include "proxy/headers_filter.hpp"
#include "proxy/http_time.hpp"

namespace proxy {

struct RangePlan {
    // Whole: the answer as it is; NotSatisfiable: a 416 is to go instead (its Content-Range is kept)
    enum class Kind { Whole, Single, Multi, NotSatisfiable } kind = Kind::Whole;
    ByteRange range;                     // Single
    std::optional<Multipart> multipart;  // Multi
};

namespace range_detail {

inline std::string_view field(const ResponseHead& head, std::string_view name) {
    for (const Header& h : head.headers) {
        if (beast::iequals(h.name, name)) return h.value;
    }
    return {};
}

// The ETag and Last-Modified time the filter compares If-Range with: the answer's, or what add_header
// made of them (nginx's headers filter runs first).
template <class Stream>
std::string answer_etag(const Exchange<Stream>& x, const ResponseHead& head) {
    if (const auto* e = deciding_entry(*x.scope.add_header, "ETag", true)) return x.runtime.text(e->value).render(x.r);
    return std::string(field(head, "ETag"));
}

template <class Stream>
std::optional<std::int64_t> answer_time(const Exchange<Stream>& x, const ResponseHead& head) {
    const auto* e = deciding_entry(*x.scope.add_header, "Last-Modified", true);
    std::string value = e ? x.runtime.text(e->value).render(x.r) : head.last_modified;
    if (value.empty()) return std::nullopt;
    return parse_http_time(value);
}

// Whether the filters the answer still goes through (SSI, gzip) leave its body as it is: as nginx's,
// which run before the range filter and take the length away when they change the body.
template <class Stream>
bool reaches_client_unchanged(Exchange<Stream>& x, const ResponseHead& head) {
    if (!x.sink) return true;
    const std::string& header = write_sent_head(x.r, head, x.scope, x.runtime, x.keep_alive);
    return x.sink->keeps_body(header);
}

}  // namespace range_detail

// Decides for `head` (a 200 about to be sent, after the not_modified and charset filters) and changes it
// to what goes out: 206 with its Content-Range and length, multipart's type and length, or Accept-Ranges.
// `single_range`: more than one range sends it whole (a proxied answer). For NotSatisfiable the caller
// sends the 416 (send_error), whose Content-Range is already among the request's kept headers.
template <class Stream>
RangePlan plan_ranges(Exchange<Stream>& x, ResponseHead& head, bool single_range) {
    RangePlan plan;
    if (x.r.http_version < 10 || head.status != 200 || (x.sink && x.sink->subrequest) || !head.content_length) {
        return plan;
    }
    if (*x.scope.max_ranges == 0) return plan;
    const auto length = static_cast<std::int64_t>(*head.content_length);
    const std::string* range = x.r.header("Range");
    RangeRequest request;
    if (range && names_byte_ranges(*range) &&
        if_range_allows(x.r.header("If-Range"), range_detail::answer_etag(x, head),
                        range_detail::answer_time(x, head)) &&
        range_detail::reaches_client_unchanged(x, head)) {
        request = parse_byte_ranges(*range, length, single_range ? 1 : static_cast<std::size_t>(*x.scope.max_ranges));
    }
    switch (request.outcome) {
        case RangeRequest::Outcome::Whole:
            head.range_headers.push_back({"Accept-Ranges", "bytes"});
            return plan;
        case RangeRequest::Outcome::NotSatisfiable:
            plan.kind = RangePlan::Kind::NotSatisfiable;
            x.r.kept_headers.push_back({"Content-Range", "bytes */" + std::to_string(length)});
            return plan;
        case RangeRequest::Outcome::Ranges:
            break;
    }
    head.status = 206;
    x.r.status = 206;
    if (request.ranges.size() == 1) {
        plan.kind = RangePlan::Kind::Single;
        plan.range = request.ranges.front();
        head.range_headers.push_back({"Content-Range", content_range(plan.range, length)});
        head.content_length = static_cast<std::uint64_t>(plan.range.end - plan.range.start);
        return plan;
    }
    plan.kind = RangePlan::Kind::Multi;
    // as nginx's boundaries, numbered by its temp number counter, which all workers share
    std::uint64_t boundary = x.counters ? ++x.counters->temp_number : 1;
    plan.multipart.emplace(boundary, head.content_type, length, std::move(request.ranges));
    head.content_type = plan.multipart->content_type();
    head.content_length = static_cast<std::uint64_t>(plan.multipart->content_length());
    return plan;
}

// nginx's proxy_force_ranges on a proxied answer: the upstream's Accept-Ranges goes and the filter decides,
// one range at most. The range to send, if one is; `unsatisfiable` when a 416 is to go instead. A plain
// function, so that the plan stays out of the relay's coroutine frame.
template <class Stream>
std::optional<ByteRange> forced_range(Exchange<Stream>& x, ResponseHead& head, bool& unsatisfiable) {
    std::erase_if(head.headers, [](const Header& h) { return beast::iequals(h.name, "Accept-Ranges"); });
    RangePlan plan = plan_ranges(x, head, true);
    unsatisfiable = plan.kind == RangePlan::Kind::NotSatisfiable;
    if (plan.kind == RangePlan::Kind::Single) return plan.range;
    return std::nullopt;
}

}  // namespace proxy
