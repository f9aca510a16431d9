#include "proxy/upstream_bind.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>

#include "confparse/address.hpp"
#include "confparse/files.hpp"
#include "proxy/error_context.hpp"
#include "proxy/runtime.hpp"

namespace proxy {

std::optional<LocalBind> local_bind(const confparse::ProxyBind& bind, const Runtime& runtime, const RequestContext& r,
                                    const confparse::HttpScope& scope) {
    if (bind.address.empty()) return std::nullopt;
    std::string name = runtime.render(bind.address, r);
    if (name.empty()) return std::nullopt;  // as nginx: a text that renders empty binds nothing
    auto parsed = confparse::parse_addr_port(name);
    if (!parsed) {
        runtime.error_log(scope).write(confparse::LogLevel::Error, r.connection->id,
                                       "invalid local address \"" + name + "\"" + error_context(r));
        return std::nullopt;
    }
    error_code ec;
    auto address = net::ip::make_address(parsed->address, ec);
    return LocalBind{tcp::endpoint(address, static_cast<unsigned short>(parsed->port)), std::move(name),
                     bind.transparent};
}

std::string bind_local(Socket& socket, const LocalBind& bind) {
    int fd = socket.native_handle();
    int on = 1;
    if (bind.transparent) {
        bool v6 = bind.endpoint.address().is_v6();
        if (::setsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_TRANSPARENT : IP_TRANSPARENT, &on, sizeof on) ==
            -1) {
            return std::string(v6 ? "setsockopt(IPV6_TRANSPARENT) failed (" : "setsockopt(IP_TRANSPARENT) failed (") +
                   confparse::errno_text(errno) + ")";
        }
    }
    // as nginx: the port is chosen at connect, so that one local address serves more than 64k connections
    if (bind.endpoint.port() == 0) ::setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &on, sizeof on);
    error_code ec;
    socket.bind(bind.endpoint, ec);
    if (ec) return "bind(" + bind.name + ") failed (" + confparse::errno_text(ec.value()) + ")";
    return "";
}

}  // namespace proxy
