#include "proxy/headers_filter.hpp"

#include <boost/beast/core/string.hpp>
#include <ctime>

#include "proxy/http_time.hpp"
#include "proxy/response_head.hpp"

namespace proxy {
namespace {

using Kind = confparse::Expires::Kind;

// ngx_next_time: the next moment, local time, at `time_of_day` seconds after midnight
std::int64_t next_time(std::int64_t time_of_day, std::int64_t now) {
    std::time_t t = static_cast<std::time_t>(now);
    std::tm tm{};
    localtime_r(&t, &tm);
    tm.tm_hour = static_cast<int>(time_of_day / 3600);
    tm.tm_min = static_cast<int>(time_of_day % 3600 / 60);
    tm.tm_sec = static_cast<int>(time_of_day % 60);
    std::time_t next = std::mktime(&tm);
    if (next != -1 && next - now > 0) return next;
    tm.tm_mday++;  // mktime normalises the day after the month's last
    return std::mktime(&tm);
}

}  // namespace

std::optional<ExpiresFields> expires_fields(const confparse::Expires& conf, std::string_view value,
                                            std::string_view last_modified, std::int64_t now) {
    confparse::Expires e = conf;
    if (!conf.value.empty()) {
        // as nginx: a value from variables that is malformed writes nothing, as does "off"
        if (confparse::parse_expires(value, e) || e.kind == Kind::Off) return std::nullopt;
    }
    if (e.kind == Kind::Off) return std::nullopt;
    if (e.kind == Kind::Epoch) return ExpiresFields{"Thu, 01 Jan 1970 00:00:01 GMT", "no-cache"};
    if (e.kind == Kind::Max) return ExpiresFields{"Thu, 31 Dec 2037 23:55:55 GMT", "max-age=315360000"};
    if (e.seconds == 0 && e.kind != Kind::Daily) return ExpiresFields{http_date(now), "max-age=0"};
    std::int64_t expires = e.seconds, max_age = 0;
    std::optional<std::int64_t> modified;
    if (e.kind == Kind::Modified) modified = parse_http_time(last_modified);
    if (e.kind == Kind::Daily) {
        expires = next_time(e.seconds, now);
        max_age = expires - now;
    } else if (!modified) {
        max_age = expires;
        expires += now;
    } else {
        expires += *modified;
        max_age = expires - now;
    }
    // as nginx: the configured time's sign, not the variable's, together with the age decides "no-cache"
    if (conf.seconds < 0 || max_age < 0) return ExpiresFields{http_date(expires), "no-cache"};
    return ExpiresFields{http_date(expires), "max-age=" + std::to_string(max_age)};
}

const confparse::AddHeader* deciding_entry(const std::vector<confparse::AddHeader>& entries, std::string_view name,
                                           bool status_takes_headers) {
    const confparse::AddHeader* last = nullptr;
    for (const auto& h : entries) {
        if ((status_takes_headers || h.always) && boost::beast::iequals(h.name, name)) last = &h;
    }
    return last;
}

}  // namespace proxy
