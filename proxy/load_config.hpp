#pragma once
#include <string>
#include <vector>

#include "confparse/load.hpp"
#include "proxy/command_line.hpp"

namespace proxy {

// The configuration file's full path as nginx makes it from -p and -c.
std::string conf_file_path(const CommandLine& cl);

struct LoadedConfig {
    confparse::Config config;
    std::vector<confparse::SourceFile> files;
};

// Loads and checks the configuration the command line names, TLS material included, exactly as a start
// would; throws confparse::ConfigError.
LoadedConfig load_config(const CommandLine& cl);

}  // namespace proxy
