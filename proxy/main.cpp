// nproxy: an nginx-compatible reverse proxy for securing HTTP traffic to upstream servers.
#include "proxy/command_line.hpp"
#include "proxy/config_test.hpp"
#include "proxy/server.hpp"
#include "proxy/signal_command.hpp"
#include "proxy/version.hpp"

int main(int argc, char** argv) {
    auto cl = proxy::parse_command_line(argc, argv);
    if (!cl) return 1;
    if (cl->version) {
        proxy::show_version_info(cl->help, cl->configure);
        if (!cl->test) return 0;
    }
    if (cl->test) return proxy::run_config_test(*cl);
    if (!cl->signal.empty()) return proxy::send_signal(*cl);
    return proxy::run_server(*cl);
}
