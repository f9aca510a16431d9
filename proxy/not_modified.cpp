#include "proxy/not_modified.hpp"

#include "proxy/http_time.hpp"

namespace proxy {

bool etag_listed(std::string_view list, std::string_view etag, bool weak) {
    if (list == "*") return true;
    if (etag.empty()) return false;
    if (weak && etag.size() > 2 && etag.substr(0, 2) == "W/") etag.remove_prefix(2);
    std::size_t p = 0;
    while (p < list.size()) {
        if (weak && list.size() - p > 2 && list.substr(p, 2) == "W/") p += 2;
        if (etag.size() > list.size() - p) return false;
        if (list.substr(p, etag.size()) == etag) {
            std::size_t q = p + etag.size();
            while (q < list.size() && (list[q] == ' ' || list[q] == '\t')) ++q;
            if (q == list.size() || list[q] == ',') return true;
        }
        while (p < list.size() && list[p] != ',') ++p;
        while (p < list.size() && (list[p] == ' ' || list[p] == '\t' || list[p] == ',')) ++p;
    }
    return false;
}

Precondition check_preconditions(const RequestContext& r, std::optional<std::int64_t> last_modified,
                                 std::string_view etag, confparse::IfModifiedSince mode) {
    if (const std::string* since = r.header("If-Unmodified-Since")) {
        auto iums = parse_http_time(*since);
        if (!last_modified || !iums || *iums < *last_modified) return Precondition::Failed;
    }
    if (const std::string* match = r.header("If-Match"); match && !etag_listed(*match, etag, false)) {
        return Precondition::Failed;
    }
    const std::string* ims = r.header("If-Modified-Since");
    const std::string* none_match = r.header("If-None-Match");
    if (!ims && !none_match) return Precondition::Send;
    if (ims) {
        // as nginx's ngx_http_test_if_modified: modified unless the dates are equal, or "before" and older
        bool modified = true;
        if (last_modified && mode != confparse::IfModifiedSince::Off) {
            auto since = parse_http_time(*ims);
            std::int64_t t = since.value_or(-1);  // nginx compares its error value, -1, as a time
            modified = t != *last_modified && (mode == confparse::IfModifiedSince::Exact || t < *last_modified);
        }
        if (modified) return Precondition::Send;
    }
    if (none_match && !etag_listed(*none_match, etag, true)) return Precondition::Send;
    return Precondition::NotModified;
}

}  // namespace proxy
