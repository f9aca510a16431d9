#include "confparse/load.hpp"

#include "confparse/build_state.hpp"
#include "confparse/builder.hpp"
#include "confparse/files.hpp"

namespace confparse {

Loaded load(const LoadOptions& options) {
    Loaded out;
    Main& main = out.config.main;
    main.prefix = options.prefix;
    main.conf_file = options.conf_file;
    main.conf_prefix = options.conf_file.substr(0, options.conf_file.rfind('/') + 1);

    BuildState state{out.config, {Frame{kMain}}, {}, {}};
    Builder builder(state);
    ParseOptions parse{main.conf_prefix};
    if (!options.globals.empty()) parse_text(options.globals, parse, builder);
    out.files = parse_file(options.conf_file, parse, builder).files;

    // nginx's core init_conf step, which runs after "syntax is ok" is printed.
    if (!state.events) {
        ConfigError e("no \"events\" section in configuration");
        e.set_after_syntax_ok();
        throw e;
    }

    // nginx's defaults for what the main level did not set.
    if (main.pid.empty()) main.pid = full_name(main.prefix, "logs/nginx.pid");
    if (main.error_log.empty()) {
        const std::string& path = options.error_log.empty() ? std::string("logs/error.log") : options.error_log;
        main.error_log.push_back({path == "stderr" ? path : full_name(main.prefix, path), LogLevel::Error, std::nullopt, {}});
    }
    return out;
}

}  // namespace confparse
