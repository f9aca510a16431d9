#include "proxy/error_context.hpp"

#include "confparse/config.hpp"

namespace proxy {

std::string request_line_context(const RequestContext& r) {
    std::string out = ", client: " + r.client_address();
    std::string server = r.server && !r.server->names.empty() ? r.server->names.front().name : "";
    out += ", server: " + server;
    if (!r.request_line.empty()) out += ", request: \"" + r.request_line + "\"";
    return out;
}

std::string error_context(const RequestContext& r, const std::string& upstream) {
    std::string out = request_line_context(r);
    if (r.mirror) out += ", subrequest: \"" + r.uri + "\"";
    if (!upstream.empty()) out += ", upstream: \"" + upstream + "\"";
    if (const std::string* host = r.header("Host")) out += ", host: \"" + *host + "\"";
    return out;
}

}  // namespace proxy
