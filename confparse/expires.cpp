#include "confparse/expires.hpp"

#include <utility>

#include "confparse/values.hpp"

namespace confparse {

const char* parse_expires(std::string_view value, Expires& e) {
    if (e.kind != Expires::Kind::Modified) {
        for (auto [word, kind] : {std::pair{"epoch", Expires::Kind::Epoch}, std::pair{"max", Expires::Kind::Max},
                                  std::pair{"off", Expires::Kind::Off}}) {
            if (value == word) {
                e.kind = kind;
                return nullptr;
            }
        }
    }
    bool minus = false;
    if (!value.empty() && value[0] == '@') {
        if (e.kind == Expires::Kind::Modified) return "daily time cannot be used with \"modified\" parameter";
        e.kind = Expires::Kind::Daily;
        value.remove_prefix(1);
    } else if (!value.empty() && (value[0] == '+' || value[0] == '-')) {
        minus = value[0] == '-';
        value.remove_prefix(1);
    }
    auto seconds = parse_sec(value);
    if (!seconds) return "invalid value";
    if (e.kind == Expires::Kind::Daily && *seconds > 24 * 60 * 60) return "daily time value must be less than 24 hours";
    e.seconds = minus ? -*seconds : *seconds;
    return nullptr;
}

}  // namespace confparse
