#pragma once
// What nginx does to become a background service: "daemon on" and the pid file.
#include <string>

namespace proxy {

// Forks into the background: the parent exits, the child leaves the terminal. Only before any thread
// starts (a forked child keeps the calling thread alone).
void daemonize();

// Writes this process's pid to `path`; false (nginx's message printed) when it cannot.
bool write_pid_file(const std::string& path);

}  // namespace proxy
