#pragma once
// A subrequest's context, as nginx's ngx_http_subrequest makes one: its parent's connection, server,
// request line, headers and variables, its own URI and arguments, internal (an `internal` location
// answers it), and a GET until its maker says otherwise.
#include <chrono>
#include <string>

#include "proxy/request_context.hpp"

namespace proxy {

inline void init_subrequest(RequestContext& r, const RequestContext& parent, std::string uri, std::string args,
                            bool has_args) {
    r.connection = parent.connection;
    r.server = parent.server;
    r.computed = parent.computed;
    r.start = std::chrono::steady_clock::now();
    r.start_wall = std::chrono::system_clock::now();
    r.method = "GET";
    r.request_line = parent.request_line;
    r.request_uri = parent.request_uri;
    r.uri = std::move(uri);
    r.args = std::move(args);
    r.has_args = has_args;
    r.http_version = parent.http_version;
    r.headers = parent.headers;
    r.host = parent.host;
    r.variables = parent.variables;
    r.unset_variable = parent.unset_variable;
    r.internal = true;
}

}  // namespace proxy
