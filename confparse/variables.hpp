#pragma once
#include <string>
#include <string_view>

namespace confparse {

// A variable's name as nginx keys it, ASCII letters lower-cased: $Host is $host, and "set $Foo" sets $foo.
std::string variable_key(std::string_view name);

// True for a variable nginx defines without configuration: "$host", "$http_user_agent", "$arg_x", ...
bool is_known_variable(std::string_view name);

// True for a built-in variable's full name ("host", "args"; not a family such as "http_x"), any case.
bool is_builtin_variable(std::string_view name);

}  // namespace confparse
