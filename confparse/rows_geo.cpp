// nginx's geo module: "geo [$source] $variable { default V; NET V; delete NET; include FILE; proxy NET;
// proxy_recursive; }", or with "ranges" first, "A-B V" and "delete A-B" in place of networks.
#include <algorithm>
#include <cstring>

#include "confparse/access_rule.hpp"
#include "confparse/geo_ranges.hpp"
#include "confparse/setters.hpp"
#include "confparse/variables.hpp"

namespace confparse {
namespace {

void set_geo(BuildState& b, const Directive& d) {
    for (const std::string& name : d.args) {
        if (name.empty() || name[0] != '$') fail(d, "invalid variable name \"" + name + "\"");
    }
    GeoBlock& geo = b.http().geos.emplace_back();
    geo.where = d.where;
    geo.variable = variable_key(d.args.back().substr(1));
    if (d.args.size() == 2) {
        geo.source = variable_key(d.args[0].substr(1));
        b.variables.push_back({geo.source, d.where});
    }
    b.define_variable(d.args.back().substr(1), d);
}

bool same_network(const GeoNetwork& a, const GeoNetwork& b) {
    return a.inet6 == b.inet6 && std::memcmp(a.addr, b.addr, 16) == 0 && std::memcmp(a.mask, b.mask, 16) == 0;
}

// ngx_http_geo_cidr_value: a network as allow/deny read it, warning when its low bits are set.
GeoNetwork read_network(BuildState& b, const Directive& d, const std::string& net) {
    if (net == "255.255.255.255") {  // as nginx: taken as it is (ngx_ptocidr would refuse it)
        GeoNetwork all_ones;
        std::fill(all_ones.addr, all_ones.addr + 4, 0xff);
        std::fill(all_ones.mask, all_ones.mask + 4, 0xff);
        return all_ones;
    }
    bool bits_dropped = false;
    auto rule = read_access_rule(net, false, &bits_dropped);
    if (!rule || rule->family == AccessRule::Family::All || rule->family == AccessRule::Family::Unix) {
        fail(d, "invalid network \"" + net + "\"");
    }
    if (bits_dropped) {
        b.warn(d, "low address bits of " + net + " are meaningless");
    }
    return network_of(*rule);
}

// ngx_http_geo_cidr_add: a network given again keeps its last value, with nginx's warning.
void add_network(BuildState& b, const Directive& d, GeoBlock& geo, GeoNetwork n, const std::string& net) {
    n.value = d.args[0];
    auto old = std::find_if(geo.networks.begin(), geo.networks.end(), [&](const GeoNetwork& o) { return same_network(o, n); });
    if (old == geo.networks.end()) {
        geo.networks.push_back(std::move(n));
        return;
    }
    b.warn(d, "duplicate network \"" + net + "\", value: \"" + n.value + "\", old value: \"" + old->value + "\"");
    old->value = std::move(n.value);
}

// ngx_http_geo_range: the statements of a "ranges" block.
void range_statement(BuildState& b, const Directive& d, GeoBlock& geo) {
    if (d.name == "default") {
        if (geo.range_default) {
            b.warn(d, "duplicate default geo range value: \"" + d.args[0] + "\", old value: \"" + *geo.range_default + "\"");
        }
        geo.range_default = d.args[0];
        return;
    }
    bool del = d.name == "delete";
    const std::string& text = del ? d.args[0] : d.name;
    auto range = read_geo_range(text);
    if (!range) fail(d, "invalid range \"" + text + "\"");
    if (del) {
        if (!delete_geo_range(geo, range->first, range->second)) b.warn(d, "no address range \"" + text + "\" to delete");
        return;
    }
    std::vector<std::string> warnings;
    auto error = add_geo_range(geo, range->first, range->second, d.args[0], text, warnings);
    for (auto& w : warnings) b.warn(d, std::move(w));
    if (error) fail(d, *error);
}

void cidr_statement(BuildState& b, const Directive& d, GeoBlock& geo) {
    if (d.name == "default") {
        GeoNetwork any4, any6;
        any6.inet6 = true;
        add_network(b, d, geo, any4, d.name);
        add_network(b, d, geo, any6, d.name);
        return;
    }
    if (d.name == "delete") {
        GeoNetwork n = read_network(b, d, d.args[0]);
        auto old = std::find_if(geo.networks.begin(), geo.networks.end(), [&](const GeoNetwork& o) { return same_network(o, n); });
        if (old == geo.networks.end()) {
            b.warn(d, "no network \"" + d.args[0] + "\" to delete");
        } else {
            geo.networks.erase(old);
        }
        return;
    }
    add_network(b, d, geo, read_network(b, d, d.name), d.name);
}

void geo_statement(BuildState& b, const Directive& d) {
    GeoBlock& geo = b.http().geos.back();
    if (d.args.empty() && d.name == "ranges") {
        if (!geo.networks.empty()) fail(d, "the \"ranges\" directive must be the first directive inside \"geo\" block");
        geo.ranges = true;
        return;
    }
    if (d.args.empty() && d.name == "proxy_recursive") {
        geo.proxy_recursive = true;
        return;
    }
    if (d.args.size() != 1) fail(d, "invalid number of the geo parameters");
    if (d.name == "proxy") {
        geo.proxies.push_back(read_network(b, d, d.args[0]));
        return;
    }
    if (geo.ranges) {
        range_statement(b, d, geo);
    } else {
        cidr_statement(b, d, geo);
    }
}

}  // namespace

void add_geo_rows(std::vector<Row>& rows) {
    Row geo{"geo", kHttp, kRawBlock | kTake12, set_geo};
    geo.raw = geo_statement;
    rows.push_back(geo);
}

}  // namespace confparse
