#pragma once
#include "proxy/command_line.hpp"

namespace proxy {

// nproxy -s stop|quit|reopen|reload: reads the running instance's pid file (named by the configuration)
// and signals it, with nginx's messages when that fails. Returns the exit status.
int send_signal(const CommandLine& cl);

}  // namespace proxy
