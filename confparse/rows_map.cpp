// nginx's map module: "map SOURCE $variable { key value; ... }", map_hash_max_size, map_hash_bucket_size.
// The block's statements are read as ngx_http_map reads them: "hostnames", "volatile", "default", regexes
// ("~", "~*"), "\" escaping a key that would read as one of those, and exact or wildcard keys.
#include "confparse/hostname_key.hpp"
#include "confparse/setters.hpp"
#include "confparse/variables.hpp"

namespace confparse {
namespace {

void set_map(BuildState& b, const Directive& d) {
    if (d.args[1].empty() || d.args[1][0] != '$') fail(d, "invalid variable name \"" + d.args[1] + "\"");
    b.note_variables(d.args[0], d);
    MapBlock& map = b.http().maps.emplace_back();
    map.source = d.args[0];
    map.variable = variable_key(d.args[1].substr(1));
    map.where = d.where;
    b.define_variable(d.args[1].substr(1), d);
}

void add_key(BuildState& b, const Directive& d, MapBlock& map, const std::string& key, const std::string& value) {
    HostnameKey k = file_hostname_key(key, map.hostnames, b.block_keys, d.where);
    (k.kind == HostnameKey::Kind::Exact ? map.exact : map.wildcards).push_back({k.key, value, false, d.where});
}

void map_statement(BuildState& b, const Directive& d) {
    MapBlock& map = b.http().maps.back();
    if (d.args.empty() && d.name == "hostnames") {
        map.hostnames = true;
        return;
    }
    if (d.args.empty() && d.name == "volatile") {
        map.is_volatile = true;
        return;
    }
    if (d.args.size() != 1) fail(d, "invalid number of the map parameters");
    std::string key = d.name;
    const std::string& value = d.args[0];
    b.note_variables(value, d);
    if (key == "default") {
        if (b.block_default) fail(d, "duplicate default map parameter");
        b.block_default = true;
        map.default_value = value;
        return;
    }
    if (!key.empty() && key[0] == '~') {
        bool caseless = key.size() > 1 && key[1] == '*';
        std::string pattern = key.substr(caseless ? 2 : 1);
        b.note_named_captures(pattern, d);
        map.regexes.push_back({pattern, value, caseless, d.where});
        return;
    }
    if (!key.empty() && key[0] == '\\') key.erase(0, 1);
    add_key(b, d, map, key, value);
}

}  // namespace

void add_map_rows(std::vector<Row>& rows) {
    Row map{"map", kHttp, kRawBlock | kTake2, set_map};
    map.raw = map_statement;
    map.leave = [](BuildState& b, const Directive&) {
        b.block_keys.clear();
        b.block_default = false;
    };
    rows.push_back(map);
    // nproxy's map is not a fixed-size hash: the sizes are checked as nginx checks them, then not needed
    auto check_number = [](const Directive& d) { read_number(d); };
    rows.push_back(accepted("map_hash_max_size", kHttp, kTake1, check_number));
    rows.push_back(accepted("map_hash_bucket_size", kHttp, kTake1, check_number));
}

}  // namespace confparse
