#include "proxy/signal_command.hpp"

#include <signal.h>

#include <cctype>

#include "confparse/files.hpp"
#include "confparse/values.hpp"
#include "proxy/load_config.hpp"
#include "proxy/messages.hpp"

namespace proxy {

int send_signal(const CommandLine& cl) {
    std::string pid_path;
    try {
        pid_path = load_config(cl).config.main.pid;
    } catch (const confparse::ConfigError& e) {
        print_level("emerg", e.text());
        return 1;
    }
    std::string text;
    if (int err = confparse::read_file(pid_path, text)) {
        print_level("error", "open() \"" + pid_path + "\" failed (" + confparse::errno_text(err) + ")");
        return 1;
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    auto pid = confparse::parse_number(text);
    if (!pid || *pid <= 0) {
        print_level("error", "invalid PID number \"" + text + "\" in \"" + pid_path + "\"");
        return 1;
    }
    int sig = cl.signal == "stop" ? SIGTERM : cl.signal == "quit" ? SIGQUIT : cl.signal == "reopen" ? SIGUSR1 : SIGHUP;
    if (::kill(static_cast<pid_t>(*pid), sig) != 0) {
        print_level("alert", "kill(" + std::to_string(*pid) + ", " + std::to_string(sig) + ") failed (" +
                                 confparse::errno_text(errno) + ")");
        return 1;
    }
    return 0;
}

}  // namespace proxy
