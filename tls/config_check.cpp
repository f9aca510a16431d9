#include "tls/config_check.hpp"

#include "tls/client_context.hpp"
#include "tls/server_context.hpp"

namespace tls {
namespace {

using confparse::Location;

// As nginx's proxy module: a location with its own proxy_pass to https://, or to a URL with variables
// (whose scheme is known only per request), gets a client context.
void check_locations(const std::vector<Location>& locations) {
    for (const Location& loc : locations) {
        const confparse::ProxyPass& pass = loc.proxy_pass;
        if (!pass.url.empty() && (pass.https || pass.has_variables)) ClientContext context(loc.scope);
        check_locations(loc.locations);
    }
}

}  // namespace

void check_config(const confparse::Config& config) {
    if (!config.http) return;
    const confparse::Http& http = *config.http;

    for (const confparse::Server& server : http.servers) {
        if (ServerContext::wanted(server.scope)) ServerContext context(server.scope);
    }
    for (const confparse::Server& server : http.servers) check_locations(server.locations);
}

}  // namespace tls
