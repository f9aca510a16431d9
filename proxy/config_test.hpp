#pragma once
#include "proxy/command_line.hpp"

namespace proxy {

// nproxy -t / -T: loads the configuration and everything it names (certificates, log files) as nginx
// does at start, prints nginx's verdict, and returns the exit status.
int run_config_test(const CommandLine& cl);

}  // namespace proxy
