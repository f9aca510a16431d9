#include "proxy/temp_paths.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <set>
#include <string>

#include "confparse/files.hpp"
#include "proxy/defaults.hpp"

namespace proxy {
namespace {

void add_path(const confparse::HttpScope& scope, const std::string& fallback, std::set<std::string>& paths) {
    if (!scope.client_body_temp_path.is_set()) return;
    const std::string& path = scope.client_body_temp_path->path;
    paths.insert(path.empty() ? fallback : path);
}

void add_location_paths(const std::vector<confparse::Location>& locations, const std::string& fallback,
                        std::set<std::string>& paths) {
    for (const auto& loc : locations) {
        add_path(loc.scope, fallback, paths);
        add_location_paths(loc.locations, fallback, paths);
    }
}

// nginx's `make install` creates its prefix; nproxy has no install step, so the compiled-in prefix is made
// (0755, with its parents) when the default temp folder is first needed in it, e.g. by a Debian
// nginx.conf run without -p. A prefix given with -p is the user's and is not made.
void create_default_prefix(const std::string& prefix) {
    if (prefix != kDefaultPrefix) return;
    confparse::create_full_path(prefix, 1, 0755);  // a failure shows in the temp folder's mkdir()
}

}  // namespace

std::string create_temp_paths(const confparse::Config& config, std::optional<uid_t> worker_uid) {
    if (!config.http) return {};
    const std::string fallback = config.main.prefix + "client_body_temp";
    std::set<std::string> paths;
    add_path(config.http->scope, fallback, paths);
    for (const auto& server : config.http->servers) {
        add_path(server.scope, fallback, paths);
        add_location_paths(server.locations, fallback, paths);
    }
    if (paths.count(fallback)) create_default_prefix(config.main.prefix);
    for (const auto& path : paths) {
        if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
            return "mkdir() \"" + path + "\" failed (" + confparse::errno_text(errno) + ")";
        }
        struct stat st {};
        if (!worker_uid || *worker_uid == 0 || ::stat(path.c_str(), &st) != 0 || st.st_uid == *worker_uid) continue;
        if (::chown(path.c_str(), *worker_uid, static_cast<gid_t>(-1)) != 0) {
            return "chown(\"" + path + "\", " + std::to_string(*worker_uid) + ") failed (" +
                   confparse::errno_text(errno) + ")";
        }
    }
    return {};
}

}  // namespace proxy
