#pragma once
// The expression of SSI's if and elif, as nginx's ngx_http_ssi_if reads it.
#include <optional>
#include <string>
#include <string_view>

#include "proxy/regex.hpp"
#include "proxy/ssi_text.hpp"

namespace proxy::ssi {

// Whether `expr` holds: a text alone holds when it is not empty; "left = right" when both are the same
// text, or when right is a /regex/ that matches left; "!=" the opposite. Both sides have variables. As
// nginx, the left side is the leading run of letters, digits and $ { } _ " ' (its letters lower-cased),
// and a right side "\/..." is the text "/...". A regex that matches leaves its groups in `captures`.
// Nothing, and nginx's message in `error`, for a malformed expression or a regex that does not compile.
std::optional<bool> test_condition(std::string_view expr, const Lookup& lookup, Captures& captures, std::string& error);

}  // namespace proxy::ssi
