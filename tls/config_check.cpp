#include "tls/config_check.hpp"

#include <set>
#include <utility>

#include "tls/client_context.hpp"
#include "tls/password_file.hpp"
#include "tls/server_context.hpp"

namespace tls {
namespace {

using confparse::HttpScope;
using confparse::Location;
using confparse::Setting;

// nginx reads a password file when it parses the directive, so its errors come before any context's.
class PasswordFiles {
public:
    void read(const HttpScope& scope) {
        read(scope.ssl_password_file);
        read(scope.proxy_ssl_password_file);
    }
    void read(const std::vector<Location>& locations) {
        for (const Location& loc : locations) {
            read(loc.scope);
            read(loc.locations);
        }
    }

private:
    void read(const Setting<std::string>& file) {
        if (!file.is_set() || file->empty()) return;
        if (seen_.insert({file.where.file, file.where.line}).second) read_password_file(*file, file.where);
    }
    std::set<std::pair<std::string, int>> seen_;
};

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

    PasswordFiles passwords;
    passwords.read(http.scope);
    for (const confparse::Server& server : http.servers) {
        passwords.read(server.scope);
        passwords.read(server.locations);
    }

    for (const confparse::Server& server : http.servers) {
        if (ServerContext::wanted(server.scope)) ServerContext context(server.scope);
    }
    for (const confparse::Server& server : http.servers) check_locations(server.locations);
}

}  // namespace tls
