#pragma once
#include <optional>
#include <string>

namespace proxy {

// nginx's command line: -?/-h, -v, -V, -t, -T, -q, -s signal, -p prefix, -e file, -c file, -g directives;
// and nproxy's --strict and --probe.
struct CommandLine {
    bool help = false;
    bool version = false;
    bool configure = false;  // -V
    bool test = false;       // -t or -T
    bool dump = false;       // -T
    bool quiet = false;      // -q
    std::string signal;      // -s
    std::string prefix;      // -p, empty when not given
    std::string error_log;   // -e, empty when not given
    std::string conf_file;   // -c, empty when not given
    std::string globals;     // -g
    bool strict = false;     // --strict: with -t, a warning fails the test
    bool probe = false;      // --probe: -t, then a TLS connection to every upstream peer
};

// Parses as nginx does; on a bad option prints nginx's message to stderr and returns nothing.
std::optional<CommandLine> parse_command_line(int argc, const char* const* argv);

}  // namespace proxy
