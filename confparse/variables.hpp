#pragma once
#include <string_view>

namespace confparse {

// True for a variable nginx defines without configuration: "$host", "$http_user_agent", "$arg_x", ...
bool is_known_variable(std::string_view name);

// True for a built-in variable's full name ("host", "args"; not a family such as "http_x"), any case.
bool is_builtin_variable(std::string_view name);

}  // namespace confparse
