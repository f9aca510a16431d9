#include "proxy/forwarded_address.hpp"

#include <arpa/inet.h>
#include <strings.h>

#include <algorithm>

namespace proxy {
namespace {

bool trusted(const std::string& address, const std::vector<confparse::GeoNetwork>& proxies) {
    if (address == "unix:") return std::any_of(proxies.begin(), proxies.end(), [](const auto& n) { return n.unix_socket; });
    auto a = read_address(address);
    return a && std::any_of(proxies.begin(), proxies.end(), [&](const auto& n) { return network_holds(n, *a); });
}

// As nginx's ngx_parse_addr_port: "addr", "addr:port", "[v6]" or "[v6]:port".
std::optional<Forwarded> parse_addr_port(std::string_view text) {
    if (read_address(text)) return Forwarded{std::string(text), 0};
    auto port_of = [](std::string_view digits) -> std::optional<int> {
        if (digits.empty() || digits.size() > 5) return std::nullopt;
        if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
        int port = std::stoi(std::string(digits));
        return port >= 1 && port <= 65535 ? std::optional(port) : std::nullopt;
    };
    if (!text.empty() && text[0] == '[') {
        size_t close = text.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        std::string_view rest = text.substr(close + 1);
        std::string_view inner = text.substr(1, close - 1);
        if (!read_address(inner)) return std::nullopt;
        if (rest.empty()) return Forwarded{std::string(inner), 0};
        auto port = rest[0] == ':' ? port_of(rest.substr(1)) : std::nullopt;
        if (!port) return std::nullopt;
        return Forwarded{std::string(inner), *port};
    }
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    auto port = port_of(text.substr(colon + 1));
    if (!port || !read_address(text.substr(0, colon))) return std::nullopt;
    return Forwarded{std::string(text.substr(0, colon)), *port};
}

enum class Found { Declined, Ok, Done };

// ngx_http_get_forwarded_addr_internal on one header's value.
Found walk(Forwarded& current, std::string_view xff, const std::vector<confparse::GeoNetwork>& proxies,
           bool recursive) {
    bool found = false;
    do {
        if (!trusted(current.address, proxies)) return found ? Found::Done : Found::Declined;
        size_t end = xff.find_last_not_of(" ,");
        if (end == std::string_view::npos) return found ? Found::Done : Found::Declined;
        xff = xff.substr(0, end + 1);
        size_t sep = xff.find_last_of(" ,");
        size_t begin = sep == std::string_view::npos ? 0 : sep + 1;
        auto next = parse_addr_port(xff.substr(begin));
        if (!next) return found ? Found::Done : Found::Declined;
        current = std::move(*next);
        found = true;
        xff = xff.substr(0, begin);
    } while (recursive && !xff.empty());
    return Found::Ok;
}

// ngx_http_get_forwarded_addr over every X-Forwarded-For line, from the last.
Found walk_forwarded_for(Forwarded& current, const std::vector<Header>& headers,
                         const std::vector<confparse::GeoNetwork>& proxies, bool recursive) {
    // as nginx: only the last line unless recursive, and on into earlier ones only while every address
    // of the later ones was trusted
    Found result = Found::Declined;
    bool found = false;
    for (auto h = headers.rbegin(); h != headers.rend(); ++h) {
        if (strcasecmp(h->name.c_str(), "X-Forwarded-For") != 0) continue;
        result = walk(current, h->value, proxies, recursive);
        if (!recursive) break;
        if (result == Found::Declined && found) return Found::Done;
        if (result != Found::Ok) break;
        found = true;
    }
    return result;
}

}  // namespace

std::optional<BinaryAddress> read_address(std::string_view text) {
    std::string s(text);
    BinaryAddress a;
    if (inet_pton(AF_INET, s.c_str(), a.bytes) == 1) return a;
    if (inet_pton(AF_INET6, s.c_str(), a.bytes) != 1) return std::nullopt;
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    a.inet6 = !std::equal(mapped, mapped + 12, a.bytes);
    if (!a.inet6) std::copy(a.bytes + 12, a.bytes + 16, a.bytes);
    return a;
}

bool network_holds(const confparse::GeoNetwork& n, const BinaryAddress& a) {
    if (n.unix_socket || n.inet6 != a.inet6) return false;
    for (int i = 0; i < (a.inet6 ? 16 : 4); ++i) {
        if ((a.bytes[i] & n.mask[i]) != n.addr[i]) return false;
    }
    return true;
}

std::string forwarded_address(std::string address, const std::vector<Header>& headers,
                              const std::vector<confparse::GeoNetwork>& proxies, bool recursive) {
    if (proxies.empty()) return address;
    Forwarded current{std::move(address), 0};
    walk_forwarded_for(current, headers, proxies, recursive);
    return std::move(current.address);
}

std::optional<Forwarded> real_ip_address(const RequestContext& r, std::string_view header,
                                         const std::vector<confparse::GeoNetwork>& proxies, bool recursive) {
    Forwarded current{r.connection->remote_addr, 0};
    Found found = Found::Declined;
    if (header.size() == 15 && strncasecmp(header.data(), "X-Forwarded-For", 15) == 0) {
        found = walk_forwarded_for(current, r.headers, proxies, recursive);
    } else if (header == "proxy_protocol") {
        const ProxyProtocolAddresses* pp = r.connection->proxy_protocol.get();
        if (pp) found = walk(current, pp->src_addr, proxies, recursive);
        if (found != Found::Declined) current.port = pp->src_port;
    } else if (const std::string* value = r.header(header)) {
        found = walk(current, *value, proxies, recursive);
    }
    if (found == Found::Declined) return std::nullopt;
    return current;
}

}  // namespace proxy
