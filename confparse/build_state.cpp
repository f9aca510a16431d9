#include "confparse/build_state.hpp"

#include <strings.h>

#include "confparse/files.hpp"
#include "confparse/variables.hpp"

namespace confparse {

std::string BuildState::conf_path(const std::string& path) const { return full_name(config.main.conf_prefix, path); }

std::string BuildState::prefix_path(const std::string& path) const { return full_name(config.main.prefix, path); }

void BuildState::warn(const Directive& d, std::string message) {
    config.warnings.emplace_back(std::move(message), d.where).set_level("warn");
}

// The variable syntax of nginx's script compiler: "$name", "${name}", "$1".."$9" (regex captures).
void BuildState::note_variables(const std::string& value, const Directive& d) {
    auto is_name_char = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    };
    for (size_t i = 0; i < value.size(); ++i) {
        if (value[i] != '$') continue;
        if (++i == value.size()) throw ConfigError("invalid variable name", d.where);
        if (value[i] >= '1' && value[i] <= '9') continue;
        bool bracket = value[i] == '{';
        if (bracket && ++i == value.size()) throw ConfigError("invalid variable name", d.where);
        size_t start = i;
        while (i < value.size() && is_name_char(value[i])) ++i;
        std::string name = value.substr(start, i - start);
        if (bracket) {
            if (i == value.size() || value[i] != '}') {
                throw ConfigError("the closing bracket in \"" + name + "\" variable is missing", d.where);
            }
        }
        if (name.empty()) throw ConfigError("invalid variable name", d.where);
        variables.push_back({variable_key(name), d.where});
        if (!bracket) --i;
    }
}

void BuildState::define_variable(const std::string& name, const Directive& d) {
    if (name.empty()) throw ConfigError("invalid variable name \"$\"", d.where);
    // as nginx: of the built-in variables only $args and $limit_rate may be set
    bool changeable = strcasecmp(name.c_str(), "args") == 0 || strcasecmp(name.c_str(), "limit_rate") == 0;
    if (is_builtin_variable(name) && !changeable) {
        throw ConfigError("the duplicate \"" + name + "\" variable", d.where);
    }
    defined_variables.insert(variable_key(name));
}

void BuildState::note_named_captures(std::string_view re, const Directive& d) {
    for (size_t i = 0; i + 2 < re.size(); ++i) {
        if (re[i] == '\\') {
            ++i;
            continue;
        }
        if (re[i] != '(' || re[i + 1] != '?') continue;
        std::string_view rest = re.substr(i + 2);
        if (rest.rfind("P<", 0) == 0) rest.remove_prefix(2);
        else if (rest[0] == '<' || rest[0] == '\'') rest.remove_prefix(1);
        else continue;
        size_t end = rest.find_first_of(">'");
        if (end == 0 || end == std::string_view::npos) continue;  // "(?<=", "(?<!" end at once or never
        std::string_view name = rest.substr(0, end);
        if (name.find_first_of("=!") == std::string_view::npos) define_variable(std::string(name), d);
    }
}

}  // namespace confparse
