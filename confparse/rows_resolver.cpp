// resolver and resolver_timeout: the name servers for proxy_pass with variables, as nginx's
// ngx_resolver_create reads them.
#include "confparse/address.hpp"
#include "confparse/setters.hpp"

namespace confparse {
namespace {

// "ADDRESS[:PORT]"... (a name is resolved now, as nginx does), "valid=TIME", "ipv6=on|off".
ResolverSettings read_resolver(const Directive& d) {
    ResolverSettings r;
    for (const std::string& arg : d.args) {
        if (arg.rfind("valid=", 0) == 0) {
            auto valid = parse_sec(std::string_view(arg).substr(6));
            if (!valid) fail(d, "invalid parameter: " + arg);
            r.valid = *valid;
            continue;
        }
        if (arg.rfind("ipv6=", 0) == 0) {
            if (arg == "ipv6=on" || arg == "ipv6=off") {
                r.ipv6 = arg == "ipv6=on";
                continue;
            }
            fail(d, "invalid parameter: " + arg);
        }
        std::string err;
        auto hp = parse_host_port(arg, false, err);
        if (!hp) fail(d, err + " in resolver \"" + arg + "\"");
        std::vector<std::string> found = resolve_host(hp->host, hp->has_port ? hp->port : 53);
        if (found.empty()) fail(d, "host not found in resolver \"" + arg + "\"");
        r.servers.insert(r.servers.end(), found.begin(), found.end());
    }
    if (r.servers.empty()) fail(d, "no name servers defined");
    return r;
}

}  // namespace

void add_resolver_rows(std::vector<Row>& rows) {
    rows.push_back(scoped("resolver", kHttpLevels, k1More, &HttpScope::resolver, read_resolver, ResolverSettings{}));
    rows.push_back(msec("resolver_timeout", kHttpLevels, &HttpScope::resolver_timeout, 30000));
}

}  // namespace confparse
