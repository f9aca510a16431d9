#pragma once
// The texts SSI commands work with, as nginx's SSI module: parameter values with variables, the URI an
// include names, and echo's encodings.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace proxy::ssi {

// A variable's value by its lower-cased name (the SSI variables first, then the request's); nothing when
// it has none.
using Lookup = std::function<std::optional<std::string>(const std::string& name)>;

// As ngx_http_ssi_evaluate_string: $name and ${name} replaced by their values (none when not found), and
// "\\", "\'", "\"", "\$" by the character; nothing, and `error` set, for a malformed variable.
std::optional<std::string> evaluate(std::string_view text, const Lookup& lookup, std::string& error);

// An include's URI: one that does not start with '/' is taken relative to `current_uri`'s folder.
std::string relative_to(std::string_view uri, std::string_view current_uri);

// As ngx_http_parse_unsafe_uri: splits "path?args", decodes the path's %XX escapes, and refuses "." and ".."
// segments and NUL bytes (decoded ones too); false for an unsafe URI.
bool split_safe_uri(const std::string& text, std::string& path, std::string& args, bool& has_args);

// echo's encodings: "entity" (nginx's ngx_escape_html) and "url" (ngx_escape_uri with NGX_ESCAPE_HTML).
std::string escape_entity(std::string_view text);
std::string escape_url(std::string_view text);

}  // namespace proxy::ssi
