#pragma once
#include <string>
#include <vector>

#include "confparse/config.hpp"
#include "confparse/parser.hpp"

namespace confparse {

struct LoadOptions {
    std::string prefix;     // -p, with trailing '/'
    std::string conf_file;  // -c, full path
    std::string globals;    // -g text, read before the file
    std::string error_log = {};  // -e: the error log when the configuration names none ("" = logs/error.log)
};

struct Loaded {
    Config config;
    std::vector<SourceFile> files;  // every file read, for -T
};

// Reads, checks and types a configuration as nginx -t would. Throws ConfigError on the first problem.
Loaded load(const LoadOptions& options);

}  // namespace confparse
