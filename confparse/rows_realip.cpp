// nginx's realip module: set_real_ip_from, real_ip_header, real_ip_recursive.
#include "confparse/access_rule.hpp"
#include "confparse/address.hpp"
#include "confparse/setters.hpp"

namespace confparse {
namespace {

// A network, an address, "unix:" (the clients of unix sockets) or a host name, each of whose addresses is
// trusted.
void add_trusted(BuildState& b, const Directive& d) {
    auto& from = b.scope().real_ip_from;
    if (!from.is_set()) {
        from.value.emplace();
        from.where = d.where;
    }
    const std::string& text = d.args[0];
    if (text == "unix:") {
        from.value->emplace_back().unix_socket = true;
        return;
    }
    bool bits_dropped = false;
    auto rule = text == "all" ? std::nullopt : read_access_rule(text, false, &bits_dropped);
    if (rule && rule->family != AccessRule::Family::Unix) {
        if (bits_dropped) b.warn(d, "low address bits of " + text + " are meaningless");
        from.value->push_back(network_of(*rule));
        return;
    }
    std::vector<std::string> addresses = resolve_host(text, 0);
    if (addresses.empty()) fail(d, "host not found in set_real_ip_from \"" + text + "\"");
    for (const std::string& address : addresses) {
        // "ip:0" or "[ip6]:0": the address alone, as a network of one
        std::string bare = address.substr(0, address.rfind(':'));
        if (bare.size() > 1 && bare.front() == '[') bare = bare.substr(1, bare.size() - 2);
        from.value->push_back(network_of(*read_access_rule(bare, false)));
    }
}

}  // namespace

void add_realip_rows(std::vector<Row>& rows) {
    Row from{"set_real_ip_from", kHttpLevels, kTake1, add_trusted};
    // as nginx: a level with proxies of its own inherits none of its parent's
    from.merge = [](HttpScope& child, const HttpScope& parent) {
        child.real_ip_from.merge(parent.real_ip_from, std::vector<GeoNetwork>{});
    };
    rows.push_back(from);
    rows.push_back(scoped("real_ip_header", kHttpLevels, kTake1, &HttpScope::real_ip_header,
                          [](const Directive& d) { return d.args[0]; }, std::string("X-Real-IP")));
    rows.push_back(flag("real_ip_recursive", kHttpLevels, &HttpScope::real_ip_recursive, false));
}

}  // namespace confparse
