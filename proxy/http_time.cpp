#include "proxy/http_time.hpp"

namespace proxy {
namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n) {
    if (at + n > s.size()) return false;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
    }
    return true;
}

int number(std::string_view s, std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
}

// Jan..Dec by the letters nginx looks at, or -1
int month_of(std::string_view s, std::size_t at) {
    if (at + 3 > s.size()) return -1;
    switch (s[at]) {
        case 'J':
            return s[at + 1] == 'a' ? 0 : s[at + 2] == 'n' ? 5 : 6;
        case 'F':
            return 1;
        case 'M':
            return s[at + 2] == 'r' ? 2 : 4;
        case 'A':
            return s[at + 1] == 'p' ? 3 : 7;
        case 'S':
            return 8;
        case 'O':
            return 9;
        case 'N':
            return 10;
        case 'D':
            return 11;
        default:
            return -1;
    }
}

}  // namespace

std::optional<std::int64_t> parse_http_time(std::string_view s) {
    enum class Form { Rfc822, Rfc850, Asctime } form = Form::Rfc822;
    bool asctime = false;
    std::size_t p = 0;
    for (; p < s.size(); ++p) {  // past the week day: a ',' (RFC 822, 850) or a ' ' (asctime)
        if (s[p] == ',') break;
        if (s[p] == ' ') {
            asctime = true;
            break;
        }
    }
    for (++p; p < s.size() && s[p] == ' ';) ++p;
    if (p > s.size() || s.size() - p < 18) return std::nullopt;
    int day = 0, year = 0;
    if (asctime) {
        form = Form::Asctime;
    } else {
        if (!digits(s, p, 2)) return std::nullopt;
        day = number(s, p, 2);
        p += 2;
        if (s[p] == ' ') {
            if (s.size() - p < 18) return std::nullopt;
        } else if (s[p] == '-') {
            form = Form::Rfc850;
        } else {
            return std::nullopt;
        }
        ++p;
    }
    int month = month_of(s, p);
    if (month < 0) return std::nullopt;
    p += 3;
    if (p >= s.size() || (form == Form::Rfc822 && s[p] != ' ') || (form == Form::Rfc850 && s[p] != '-')) {
        return std::nullopt;
    }
    ++p;
    if (form == Form::Rfc822) {
        if (!digits(s, p, 4)) return std::nullopt;
        year = number(s, p, 4);
        p += 4;
    } else if (form == Form::Rfc850) {
        if (!digits(s, p, 2)) return std::nullopt;
        year = number(s, p, 2);
        year += year < 70 ? 2000 : 1900;
        p += 2;
    } else {
        if (p < s.size() && s[p] == ' ') ++p;
        if (!digits(s, p, 1)) return std::nullopt;
        day = s[p++] - '0';
        if (p < s.size() && s[p] != ' ') {
            if (!digits(s, p, 1)) return std::nullopt;
            day = day * 10 + (s[p++] - '0');
        }
        if (s.size() - p < 14) return std::nullopt;
    }
    if (p >= s.size() || s[p++] != ' ') return std::nullopt;
    if (!digits(s, p, 2) || p + 2 >= s.size() || s[p + 2] != ':' || !digits(s, p + 3, 2) || p + 5 >= s.size() ||
        s[p + 5] != ':' || !digits(s, p + 6, 2)) {
        return std::nullopt;
    }
    int hour = number(s, p, 2), min = number(s, p + 3, 2), sec = number(s, p + 6, 2);
    p += 8;
    if (form == Form::Asctime) {
        if (p >= s.size() || s[p++] != ' ' || !digits(s, p, 4)) return std::nullopt;
        year = number(s, p, 4);
    }
    static const int kMonthDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (hour > 23 || min > 59 || sec > 59) return std::nullopt;
    if (day == 29 && month == 1) {
        if ((year & 3) || (year % 100 == 0 && year % 400 != 0)) return std::nullopt;
    } else if (day > kMonthDays[month]) {
        return std::nullopt;
    }
    // days since 1970 by Gauss' formula, the year starting on March 1st
    std::int64_t m = month, y = year;
    if (--m <= 0) {
        m += 12;
        y -= 1;
    }
    std::int64_t days = 365 * y + y / 4 - y / 100 + y / 400 + 367 * m / 12 - 30 + day - 1 - 719527 + 31 + 28;
    return days * 86400 + hour * 3600 + min * 60 + sec;
}

}  // namespace proxy
