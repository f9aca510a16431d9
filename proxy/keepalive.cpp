#include "proxy/keepalive.hpp"

#include "proxy/browser.hpp"

namespace proxy {

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
