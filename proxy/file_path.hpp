#pragma once
// The file a request's URI names under its level's root or alias, as nginx's ngx_http_map_uri_to_path:
// the static handler's file, index's and try_files' tests, and $document_root, $request_filename.
#include <string>

#include "proxy/request_context.hpp"

namespace confparse {
struct HttpScope;
}

namespace proxy {

// The level's root or alias for the request: as the configuration holds it or, when it has variables,
// rendered, and made absolute under `prefix` when one starts it (as nginx does per request).
std::string level_root(const confparse::HttpScope& scope, const RequestContext& r, const std::string& prefix);

// The file the request's URI names under `root` (level_root's): after a root the whole URI, after an
// alias what follows the part of it its location's name matched; an alias in a regex location is the
// whole path, unless try_files chose a name under it (RequestContext::add_uri_to_alias).
std::string file_path(const confparse::HttpScope& scope, const RequestContext& r, const std::string& root);

}  // namespace proxy
