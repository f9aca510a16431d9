#pragma once
#include <string_view>

namespace confparse {

// True for a variable nginx defines without configuration: "$host", "$http_user_agent", "$arg_x", ...
bool is_known_variable(std::string_view name);

}  // namespace confparse
