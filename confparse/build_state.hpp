#pragma once
// What the schema's setters write into while the configuration is read: the Config and a stack of the
// blocks currently open.
#include <deque>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "confparse/config.hpp"
#include "confparse/schema.hpp"

namespace confparse {

struct Frame {
    Context context = kMain;
    HttpScope* scope = nullptr;  // for http, server and location levels
    Server* server = nullptr;
    Location* location = nullptr;
    Upstream* upstream = nullptr;
    const Row* row = nullptr;    // the row whose block this is (for raw bodies and on-close)
    std::vector<RewriteStep>* steps = nullptr;  // where set, if, rewrite, return and break go
};

// A variable use found in a value, checked against the known variables when http closes.
struct VariableUse {
    std::string name;
    SourceRef where;
};

// An address some listen names, with what nginx keeps per address while reading (ngx_http_conf_addr_t):
// the servers on it (indexes into Http::servers, in order), the default one, and the flags it checks.
struct ListenAddr {
    std::string text;  // "0.0.0.0:80", "[::1]:443", "unix:/path"
    std::vector<size_t> servers;
    size_t default_server = 0;
    bool has_default = false;  // a listen said default_server
    bool options_set = false;  // a listen set socket options
    bool ssl = false;
};

struct ListenPort {
    int port = 0;
    std::vector<ListenAddr> addrs;  // in the order first named
};

struct BuildState {
    Config& config;
    std::vector<Frame> frames;
    std::vector<VariableUse> variables;
    std::set<const void*> once_fields;  // single-valued fields already written (for "is duplicate")
    bool events = false;                // an events block was read
    std::set<std::string> thread_pools = {};  // the names thread_pool defined
    std::map<const HttpScope*, bool> http2_push_levels = {};  // levels with http2_push: a URI (or "off")
    std::vector<ListenPort> ports = {};  // every listened address, by port in the order first named
    SourceRef block_end = {};  // the '}' that closed the block whose on-close step runs
    // Variables the configuration defines ("set", named regex captures): known everywhere.
    std::set<std::string> defined_variables = {};
    std::set<std::string> quiet_variables = {};  // of those, the ones auth_request_set defined first
    // The settings of server-level "if" blocks: nginx reads them (rewrite_log, ...) but never uses them.
    std::deque<HttpScope> unused_scopes = {};
    // What the map or geo block being read has taken so far (its keys or networks, its default).
    std::set<std::string> block_keys = {};
    bool block_default = false;
    // The first buffered access_log of each file: later ones must buffer it the same way.
    std::map<std::string, AccessLog> buffered_logs = {};

    Frame& top() { return frames.back(); }
    HttpScope& scope() { return *frames.back().scope; }
    Http& http() { return *config.http; }

    // A path as nginx resolves a file named in the configuration: relative to the config file's folder.
    std::string conf_path(const std::string& path) const;
    // A path relative to the prefix (-p), as nginx resolves logs and the pid file.
    std::string prefix_path(const std::string& path) const;
    // What nginx says at [warn] about directive `d` while it reads the configuration.
    void warn(const Directive& d, std::string message);

    // Writes a single-valued field, failing with nginx's "is duplicate" when it was written before.
    template <class T, class V>
    void set_once(const Directive& d, T& field, V&& value) {
        if (!once_fields.insert(&field).second) {
            throw ConfigError("\"" + d.name + "\" directive is duplicate", d.where);
        }
        field = std::forward<V>(value);
    }

    // Records the variables a value uses; throws nginx's errors for malformed references.
    void note_variables(const std::string& value, const Directive& d);
    // Defines a variable the configuration sets ("set", a named capture); nginx's "the duplicate" error
    // for a built-in one that cannot be changed.
    void define_variable(const std::string& name, const Directive& d);
    // Defines the variables a regex's named groups ("(?<name>...)", "(?P<name>...)", "(?'name'...)") set.
    void note_named_captures(std::string_view regex, const Directive& d);
};

}  // namespace confparse
