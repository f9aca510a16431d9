#pragma once
// nginx's `user USER [GROUP]`: the identity a worker process takes when the master runs as root.
#include <sys/types.h>

#include <optional>
#include <string>

#include "confparse/config.hpp"

namespace proxy {

class ErrorLog;

struct Credentials {
    std::string user;
    uid_t uid = 0;
    gid_t gid = 0;
};

// The worker's identity for `main`: nullopt when this process is not root (as nginx, `user` is then
// ignored). Throws confparse::ConfigError with nginx's message when a name does not resolve.
std::optional<Credentials> worker_credentials(const confparse::Main& main);

// setgid, initgroups, setuid; false (with nginx's [emerg] line in `log`) on failure.
bool drop_privileges(const Credentials& who, const ErrorLog& log);

// As nginx's master when it reopens the logs: every log file `config` writes is handed to the worker's
// user, so the worker can open it again after the drop.
void hand_log_files_to(const confparse::Config& config, uid_t uid, const ErrorLog& log);

}  // namespace proxy
