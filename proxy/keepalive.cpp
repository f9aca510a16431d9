#include "proxy/keepalive.hpp"

#include <string_view>

namespace proxy {
namespace {

struct Browser {
    bool msie6 = false;
    bool safari = false;
};

// nginx's reading of User-Agent (ngx_http_process_user_agent), the parts keepalive_disable uses.
Browser browser_of(std::string_view agent) {
    Browser b;
    bool msie = false;
    std::size_t at = agent.find("MSIE ");
    if (at != std::string_view::npos && at + 7 < agent.size()) {
        msie = true;
        if (agent[at + 6] == '.') {
            char major = agent[at + 5];
            b.msie6 = major == '4' || major == '5' ||
                      (major == '6' && agent.substr(at + 8).find("SV1") == std::string_view::npos);
        }
    }
    bool opera = agent.find("Opera") != std::string_view::npos;
    if (opera) b.msie6 = false;
    if (!msie && !opera && agent.find("Gecko/") == std::string_view::npos &&
        agent.find("Chrome/") == std::string_view::npos) {
        b.safari = agent.find("Safari/") != std::string_view::npos && agent.find("Mac OS X") != std::string_view::npos;
    }
    return b;
}

}  // namespace

bool keepalive_allowed(const RequestContext& r, const confparse::HttpScope& s, std::chrono::steady_clock::time_point now) {
    if (*s.keepalive_timeout == 0) return false;
    if (r.connection->requests >= static_cast<std::uint64_t>(*s.keepalive_requests)) return false;
    if (now - r.connection->start > std::chrono::milliseconds(*s.keepalive_time)) return false;
    const std::string* agent = r.header("User-Agent");
    if (!agent) return true;
    Browser b = browser_of(*agent);
    if (b.msie6 && r.method == "POST" && (*s.keepalive_disable & confparse::kKeepaliveDisableMsie6)) return false;
    return !(b.safari && (*s.keepalive_disable & confparse::kKeepaliveDisableSafari));
}

}  // namespace proxy
