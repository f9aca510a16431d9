#pragma once
// The file a URI names under a level's root or alias, as nginx's ngx_http_map_uri_to_path: the static
// handler's file and $request_filename.
#include <string>

namespace confparse {
struct HttpScope;
struct Location;
}  // namespace confparse

namespace proxy {

// `scope` is the level answering the request, `location` its location (null at server level).
std::string file_path(const confparse::HttpScope& scope, const confparse::Location* location, const std::string& uri);

}  // namespace proxy
