#include "proxy/privileges.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <set>

#include "confparse/files.hpp"
#include "proxy/logs.hpp"

namespace proxy {
namespace {

using confparse::LogLevel;

std::string failed(const std::string& what, int err) {
    return what + " failed" + (err ? " (" + confparse::errno_text(err) + ")" : "");
}

void add_scope_logs(const confparse::HttpScope& scope, std::set<std::string>& paths) {
    for (const auto& l : *scope.error_log) paths.insert(l.path);
    for (const auto& l : *scope.access_log) {
        if (!l.off) paths.insert(l.path);
    }
}

void add_location_logs(const std::vector<confparse::Location>& locations, std::set<std::string>& paths) {
    for (const auto& loc : locations) {
        add_scope_logs(loc.scope, paths);
        add_location_logs(loc.locations, paths);
    }
}

}  // namespace

std::optional<Credentials> worker_credentials(const confparse::Main& main) {
    if (::geteuid() != 0) return std::nullopt;
    errno = 0;
    const passwd* pw = ::getpwnam(main.user.c_str());
    if (!pw) throw confparse::ConfigError(failed("getpwnam(\"" + main.user + "\")", errno));
    Credentials who{main.user, pw->pw_uid, pw->pw_gid};
    // `user NAME;` means group NAME, as nginx; without the directive the user's own group is taken.
    const std::string group_name = main.group.empty() ? main.user : main.group;
    errno = 0;
    if (const struct group* gr = ::getgrnam(group_name.c_str())) {
        who.gid = gr->gr_gid;
    } else if (!main.group.empty()) {
        throw confparse::ConfigError(failed("getgrnam(\"" + group_name + "\")", errno));
    }
    return who;
}

bool drop_privileges(const Credentials& who, const ErrorLog& log) {
    if (::setgid(who.gid) != 0) {
        log.write(LogLevel::Emerg, 0, failed("setgid(" + std::to_string(who.gid) + ")", errno));
        return false;
    }
    if (::initgroups(who.user.c_str(), who.gid) != 0) {
        log.write(LogLevel::Emerg, 0, failed("initgroups(" + who.user + ", " + std::to_string(who.gid) + ")", errno));
        return false;
    }
    if (::setuid(who.uid) != 0) {
        log.write(LogLevel::Emerg, 0, failed("setuid(" + std::to_string(who.uid) + ")", errno));
        return false;
    }
    return true;
}

void hand_log_files_to(const confparse::Config& config, uid_t uid, const ErrorLog& log) {
    std::set<std::string> paths;
    for (const auto& l : config.main.error_log) paths.insert(l.path);
    if (config.http) {
        for (const auto& server : config.http->servers) {
            add_scope_logs(server.scope, paths);
            add_location_logs(server.locations, paths);
        }
    }
    paths.erase("stderr");
    for (const auto& path : paths) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0 || st.st_uid == uid) continue;
        if (::chown(path.c_str(), uid, static_cast<gid_t>(-1)) != 0) {
            log.write(LogLevel::Emerg, 0, failed("chown(\"" + path + "\", " + std::to_string(uid) + ")", errno));
        }
    }
}

}  // namespace proxy
