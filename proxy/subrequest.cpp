#include "proxy/subrequest.hpp"

#include <chrono>
#include <string_view>
#include <utility>

#include "proxy/variables.hpp"

namespace proxy {

void init_subrequest(RequestContext& r, const RequestContext& parent, std::string uri, std::string args,
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
    // as nginx, whose subrequests share their parent's variable values: one $request_id for all of them
    r.request_id = *variable_value("request_id", parent);
    r.unset_variable = parent.unset_variable;
    r.internal = true;
}

std::unique_ptr<Subrequest> make_subrequest(const RequestContext& parent, const std::string& path,
                                            const std::string& args, bool has_args) {
    auto sub = std::make_unique<Subrequest>();
    RequestContext& r = sub->r;
    init_subrequest(r, parent, path, args, has_args);  // as nginx: a GET, with its parent's line and headers
    r.main_charset = parent.main_charset;
    r.subrequest = true;
    r.rewritten = true;  // as nginx: proxied as its own URI, not its parent's request line
    static constexpr std::string_view kNoBody = "GET / HTTP/1.0\r\n\r\n";
    error_code ec;
    sub->parser.put(net::buffer(kNoBody.data(), kNoBody.size()), ec);
    return sub;
}

}  // namespace proxy
