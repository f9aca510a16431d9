#include "tls/config_check.hpp"

#include "tls/client_context.hpp"
#include "tls/server_context.hpp"
#include "tls/stapling.hpp"

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

std::vector<confparse::ConfigError> check_config(const confparse::Config& config) {
    std::vector<confparse::ConfigError> warnings;
    if (!config.http) return warnings;
    const confparse::Http& http = *config.http;

    for (const confparse::Server& server : http.servers) {
        if (!ServerContext::wanted(server.scope)) continue;
        ServerContext context(server.scope);
        if (std::string warning = stapling_warning(server.scope); !warning.empty()) {
            warnings.emplace_back(std::move(warning)).set_level("warn");
        }
    }
    for (const confparse::Server& server : http.servers) check_locations(server.locations);
    return warnings;
}

}  // namespace tls
