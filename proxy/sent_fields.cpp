#include "proxy/sent_fields.hpp"

#include <cctype>

namespace proxy {
namespace {

// as nginx's unknown-header lookup: a dash of the field's name matches an underscore of the variable's
bool names_field(std::string_view field, std::string_view name) {
    if (field.size() != name.size()) return false;
    for (size_t i = 0; i < field.size(); ++i) {
        char f = field[i] == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(field[i])));
        if (f != std::tolower(static_cast<unsigned char>(name[i]))) return false;
    }
    return true;
}

bool is_list(std::string_view name) { return names_field("cache-control", name) || names_field("link", name); }

}  // namespace

std::optional<std::string> sent_field(std::string_view head, std::string_view name) {
    std::optional<std::string> value;
    size_t line_end = head.find("\r\n");  // past the status line
    while (line_end != std::string_view::npos) {
        size_t start = line_end + 2;
        line_end = head.find("\r\n", start);
        std::string_view line = head.substr(start, line_end == std::string_view::npos ? head.npos : line_end - start);
        if (line.empty()) break;  // the end of the header
        size_t colon = line.find(':');
        if (colon == std::string_view::npos || !names_field(line.substr(0, colon), name)) continue;
        std::string_view v = line.substr(colon + 1);
        while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
        if (!value) {
            value.emplace(v);
            if (!is_list(name)) break;
        } else {
            *value += ", ";
            *value += v;
        }
    }
    return value;
}

}  // namespace proxy
