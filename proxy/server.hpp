#pragma once
#include "proxy/command_line.hpp"

namespace proxy {

// nproxy without -t: loads the configuration, listens, runs the worker threads until a signal stops it
// (SIGTERM/SIGINT fast, SIGQUIT graceful). Returns the exit status.
int run_server(const CommandLine& cl);

}  // namespace proxy
