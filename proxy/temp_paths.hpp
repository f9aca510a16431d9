#pragma once
// The folders of client_body_temp_path, made before the workers run, as nginx's ngx_create_paths at start
// and reload: so that a worker that has dropped to `user` can write bodies there.
#include <sys/types.h>

#include <optional>
#include <string>

#include "confparse/config.hpp"

namespace proxy {

// Creates each folder (0700) that is missing and, when the workers run as `worker_uid`, hands it to them;
// nginx's [emerg] message when one cannot be made, else "".
std::string create_temp_paths(const confparse::Config& config, std::optional<uid_t> worker_uid);

}  // namespace proxy
