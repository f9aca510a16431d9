#pragma once
// The Content-Type nginx gives an answer of its own (ngx_http_set_content_type): by the extension.
#include <string>

namespace confparse {
struct HttpScope;
}

namespace proxy {

// The MIME type for a file or URI by its extension (case-insensitive) in the level's types, else its
// default_type.
std::string content_type_for(const confparse::HttpScope& scope, const std::string& path);

}  // namespace proxy
