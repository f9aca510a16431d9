#include "proxy/cookies.hpp"

#include <strings.h>

namespace proxy {
namespace {

bool starts_with_name(std::string_view text, std::string_view name) {
    return text.size() >= name.size() && strncasecmp(text.data(), name.data(), name.size()) == 0;
}

std::string_view skip_spaces(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    return text;
}

// What follows a cookie's name: "= value" up to ';', or nothing when no '=' comes first.
std::optional<std::string_view> value_after_name(std::string_view rest) {
    rest = skip_spaces(rest);
    if (rest.empty() || rest.front() != '=') return std::nullopt;
    rest = skip_spaces(rest.substr(1));
    return rest.substr(0, rest.find(';'));
}

}  // namespace

std::optional<std::string_view> cookie_in_header(std::string_view header, std::string_view name) {
    if (name.size() > header.size()) return std::nullopt;
    while (!header.empty()) {
        if (starts_with_name(header, name)) {
            std::string_view rest = skip_spaces(header.substr(name.size()));
            if (auto value = value_after_name(rest)) return value;
            // as nginx: the character that was not '=' is passed over before the search for a separator
            header = rest.empty() ? rest : rest.substr(1);
        }
        std::size_t next = header.find_first_of(";,");
        if (next == std::string_view::npos) break;
        header = skip_spaces(header.substr(next + 1));
    }
    return std::nullopt;
}

std::optional<std::string_view> cookie_in_set_cookie(std::string_view header, std::string_view name) {
    if (name.size() >= header.size() || !starts_with_name(header, name)) return std::nullopt;
    return value_after_name(header.substr(name.size()));
}

}  // namespace proxy
