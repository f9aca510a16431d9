#include "proxy/command_line.hpp"

#include <cstring>

#include "proxy/messages.hpp"

namespace proxy {

std::optional<CommandLine> parse_command_line(int argc, const char* const* argv) {
    CommandLine cl;
    for (int i = 1; i < argc; ++i) {
        const char* p = argv[i];
        // Beyond nginx: long options for what nginx has no letter for
        if (std::strcmp(p, "--strict") == 0 || std::strcmp(p, "--probe") == 0) {
            (p[2] == 's' ? cl.strict : cl.probe) = true;
            cl.test = cl.test || cl.probe;
            continue;
        }
        if (*p++ != '-') {
            print_stderr("invalid option: \"" + std::string(argv[i]) + "\"");
            return std::nullopt;
        }
        while (*p) {
            char opt = *p++;
            // An option with a value takes the rest of this word, or the next word.
            auto value = [&](std::string& out, const char* what) {
                if (*p) {
                    out = p;
                } else if (i + 1 < argc) {
                    out = argv[++i];
                } else {
                    print_stderr(std::string("option \"-") + opt + "\" requires " + what);
                    return false;
                }
                p += std::strlen(p);
                return true;
            };
            switch (opt) {
                case '?': case 'h': cl.help = cl.version = true; break;
                case 'v': cl.version = true; break;
                case 'V': cl.version = cl.configure = true; break;
                case 't': cl.test = true; break;
                case 'T': cl.test = cl.dump = true; break;
                case 'q': cl.quiet = true; break;
                case 'p': if (!value(cl.prefix, "directory name")) return std::nullopt; break;
                case 'e': if (!value(cl.error_log, "file name")) return std::nullopt; break;
                case 'c': if (!value(cl.conf_file, "file name")) return std::nullopt; break;
                case 'g': if (!value(cl.globals, "parameter")) return std::nullopt; break;
                case 's':
                    if (!value(cl.signal, "parameter")) return std::nullopt;
                    if (cl.signal != "stop" && cl.signal != "quit" && cl.signal != "reopen" && cl.signal != "reload") {
                        print_stderr("invalid option: \"-s " + cl.signal + "\"");
                        return std::nullopt;
                    }
                    break;
                default:
                    print_stderr(std::string("invalid option: \"") + opt + "\"");
                    return std::nullopt;
            }
        }
    }
    return cl;
}

}  // namespace proxy
