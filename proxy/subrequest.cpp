#include "proxy/subrequest.hpp"

#include <chrono>
#include <string_view>

namespace proxy {

std::unique_ptr<Subrequest> make_subrequest(const RequestContext& parent, const std::string& path,
                                            const std::string& args, bool has_args) {
    auto sub = std::make_unique<Subrequest>();
    RequestContext& r = sub->r;
    r.connection = parent.connection;
    r.server = parent.server;
    r.start = std::chrono::steady_clock::now();
    r.start_wall = std::chrono::system_clock::now();
    r.method = "GET";  // as nginx: a subrequest is a GET, with its parent's request line and headers
    r.request_line = parent.request_line;
    r.request_uri = parent.request_uri;
    r.uri = path;
    r.args = args;
    r.has_args = has_args;
    r.http_version = parent.http_version;
    r.headers = parent.headers;
    r.host = parent.host;
    r.variables = parent.variables;
    r.main_charset = parent.main_charset;
    r.unset_variable = parent.unset_variable;
    r.internal = true;
    r.subrequest = true;
    r.rewritten = true;  // as nginx: proxied as its own URI, not its parent's request line
    static constexpr std::string_view kNoBody = "GET / HTTP/1.0\r\n\r\n";
    error_code ec;
    sub->parser.put(net::buffer(kNoBody.data(), kNoBody.size()), ec);
    return sub;
}

}  // namespace proxy
