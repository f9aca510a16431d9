// nginx's map module: "map SOURCE $variable { key value; ... }", map_hash_max_size, map_hash_bucket_size.
// The block's statements are read as ngx_http_map reads them: "hostnames", "volatile", "default", regexes
// ("~", "~*"), "\" escaping a key that would read as one of those, and exact or wildcard keys.
#include <cctype>

#include "confparse/setters.hpp"

namespace confparse {
namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

void set_map(BuildState& b, const Directive& d) {
    if (d.args[1].empty() || d.args[1][0] != '$') fail(d, "invalid variable name \"" + d.args[1] + "\"");
    b.note_variables(d.args[0], d);
    MapBlock& map = b.http().maps.emplace_back();
    map.source = d.args[0];
    map.variable = d.args[1].substr(1);
    map.where = d.where;
    b.define_variable(map.variable, d);
}

// As ngx_hash_add_key with NGX_HASH_WILDCARD_KEY: where a hostname key goes, or false when it is invalid.
enum class KeyKind { Exact, Head, Tail };
bool hostname_kind(const std::string& key, KeyKind& kind, size_t& skip) {
    size_t stars = 0;
    for (size_t i = 0; i < key.size(); ++i) {
        if (key[i] == '*' && ++stars > 1) return false;
        if (key[i] == '.' && i + 1 < key.size() && key[i + 1] == '.') return false;
        if (key[i] == '\0') return false;
    }
    kind = KeyKind::Head;
    if (key.size() > 1 && key[0] == '.') {
        skip = 1;
        return true;
    }
    if (key.size() > 2 && key[0] == '*' && key[1] == '.') {
        skip = 2;
        return true;
    }
    if (key.size() > 2 && key.compare(key.size() - 2, 2, ".*") == 0) {
        kind = KeyKind::Tail;
        return true;
    }
    kind = KeyKind::Exact;
    return stars == 0;
}

// The keys taken are kept as ngx_hash_add_key keeps them: exact names ("e:", where ".name" takes "name"
// too), head wildcards by their name after "*." or "." ("h:"), tail wildcards by theirs before ".*" ("t:").
void add_key(BuildState& b, const Directive& d, MapBlock& map, std::string key, const std::string& value) {
    auto take = [&](const char* kind, const std::string& name) { return b.block_keys.insert(kind + name).second; };
    auto conflict = [&](const std::string& shown) { fail(d, "conflicting parameter \"" + shown + "\""); };
    KeyKind kind = KeyKind::Exact;
    size_t skip = 0;
    if (map.hostnames && !hostname_kind(key, kind, skip)) fail(d, "invalid hostname or wildcard \"" + key + "\"");
    if (kind == KeyKind::Exact) {
        key = lower(key);
        if (!take("e:", key)) conflict(key);
        map.exact.push_back({key, value, false, d.where});
        return;
    }
    // as nginx: the part after the wildcard is lower-cased in place (and shown so in a conflict)
    std::string name = kind == KeyKind::Head ? lower(key.substr(skip)) : lower(key.substr(0, key.size() - 2));
    key = kind == KeyKind::Head ? key.substr(0, skip) + name : name + ".*";
    if (kind == KeyKind::Head && skip == 1 && !take("e:", name)) conflict(key);
    if (!take(kind == KeyKind::Head ? "h:" : "t:", name)) conflict(key);
    map.wildcards.push_back({key, value, false, d.where});
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
