#pragma once
#include "proxy/command_line.hpp"

namespace proxy {

// nproxy without -t or -s: loads the configuration, listens, goes to the background (daemon on) and
// serves until a signal stops it (SIGTERM/SIGINT fast, SIGQUIT graceful): with `master_process on` as a
// master process and its worker process, otherwise as one process. Returns the exit status.
int run_server(const CommandLine& cl);

}  // namespace proxy
