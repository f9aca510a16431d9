#include "confparse/values.hpp"

#include <limits>

namespace confparse {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

std::optional<std::int64_t> scaled(std::string_view s, std::int64_t limit, bool with_giga) {
    if (s.empty()) return std::nullopt;
    std::int64_t scale = 1;
    switch (s.back()) {
        case 'k': case 'K': scale = 1024; break;
        case 'm': case 'M': scale = 1024 * 1024; break;
        case 'g': case 'G':
            if (with_giga) scale = 1024 * 1024 * 1024;
            break;
        default: break;
    }
    if (scale != 1) s.remove_suffix(1);
    auto n = parse_number(s);
    if (!n || *n > limit / scale) return std::nullopt;
    return *n * scale;
}

// nginx's time grammar: numbers each followed by a unit, units in decreasing order, spaces between.
std::optional<std::int64_t> parse_time(std::string_view s, bool is_sec) {
    enum Step { Start, Year, Month, Week, Day, Hour, Min, Sec, Msec, Last };
    Step step = is_sec ? Start : Month;
    std::int64_t value = 0, total = 0;
    bool valid = false;
    size_t i = 0;
    while (i < s.size()) {
        char c = s[i++];
        if (c >= '0' && c <= '9') {
            if (value > (kMax - (c - '0')) / 10) return std::nullopt;
            value = value * 10 + (c - '0');
            valid = true;
            continue;
        }
        std::int64_t scale;
        Step next;
        switch (c) {
            case 'y': next = Year, scale = 365LL * 24 * 3600; if (step > Start) return std::nullopt; break;
            case 'M': next = Month, scale = 30LL * 24 * 3600; break;
            case 'w': next = Week, scale = 7LL * 24 * 3600; break;
            case 'd': next = Day, scale = 24LL * 3600; break;
            case 'h': next = Hour, scale = 3600; break;
            case 'm':
                if (i < s.size() && s[i] == 's') {
                    if (is_sec) return std::nullopt;
                    ++i;
                    next = Msec, scale = 1;
                } else {
                    next = Min, scale = 60;
                }
                break;
            case 's': next = Sec, scale = 1; break;
            case ' ':
                if (step >= Sec) return std::nullopt;
                next = Last, scale = 1;
                break;
            default: return std::nullopt;
        }
        if (next != Year && next != Last && step >= next) return std::nullopt;
        step = next;
        if (step != Msec && !is_sec) scale *= 1000;
        if (value > kMax / scale) return std::nullopt;
        value *= scale;
        if (total > kMax - value) return std::nullopt;
        total += value;
        value = 0;
        while (i < s.size() && s[i] == ' ') ++i;
    }
    if (!valid) return std::nullopt;
    if (!is_sec) {
        if (value > kMax / 1000) return std::nullopt;
        value *= 1000;
    }
    if (total > kMax - value) return std::nullopt;
    return total + value;
}

}  // namespace

std::optional<std::int64_t> parse_number(std::string_view s) {
    if (s.empty()) return std::nullopt;
    std::int64_t n = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        if (n > (kMax - (c - '0')) / 10) return std::nullopt;
        n = n * 10 + (c - '0');
    }
    return n;
}

std::optional<std::int64_t> parse_size(std::string_view s) { return scaled(s, kMax, false); }
std::optional<std::int64_t> parse_offset(std::string_view s) { return scaled(s, kMax, true); }
std::optional<std::int64_t> parse_msec(std::string_view s) { return parse_time(s, false); }
std::optional<std::int64_t> parse_sec(std::string_view s) { return parse_time(s, true); }

}  // namespace confparse
