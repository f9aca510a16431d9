#include "proxy/load_config.hpp"

#include "confparse/files.hpp"
#include "proxy/defaults.hpp"
#include "tls/config_check.hpp"

namespace proxy {
namespace {

std::string prefix_of(const CommandLine& cl) {
    if (cl.prefix.empty()) return kDefaultPrefix;
    return cl.prefix.back() == '/' ? cl.prefix : cl.prefix + "/";
}

}  // namespace

std::string conf_file_path(const CommandLine& cl) {
    return confparse::full_name(prefix_of(cl), cl.conf_file.empty() ? kDefaultConfFile : cl.conf_file);
}

LoadedConfig load_config(const CommandLine& cl) {
    confparse::LoadOptions options{prefix_of(cl), conf_file_path(cl), cl.globals, cl.error_log};
    confparse::Loaded loaded = confparse::load(options);
    for (auto& warning : tls::check_config(loaded.config)) loaded.config.warnings.push_back(std::move(warning));
    return {std::move(loaded.config), std::move(loaded.files)};
}

}  // namespace proxy
