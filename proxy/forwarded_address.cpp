#include "proxy/forwarded_address.hpp"

#include <arpa/inet.h>
#include <strings.h>

#include <algorithm>

namespace proxy {
namespace {

bool trusted(const std::string& address, const std::vector<confparse::GeoNetwork>& proxies) {
    auto a = read_address(address);
    return a && std::any_of(proxies.begin(), proxies.end(), [&](const auto& n) { return network_holds(n, *a); });
}

// As nginx's ngx_parse_addr_port: "addr", "addr:port", "[v6]" or "[v6]:port"; the address part.
std::optional<std::string> address_part(std::string_view text) {
    if (read_address(text)) return std::string(text);
    if (!text.empty() && text[0] == '[') {
        size_t close = text.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        std::string_view rest = text.substr(close + 1);
        if (!rest.empty() && (rest[0] != ':' || rest.size() == 1)) return std::nullopt;
        std::string_view inner = text.substr(1, close - 1);
        if (!read_address(inner)) return std::nullopt;
        return std::string(inner);
    }
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || colon + 1 == text.size()) return std::nullopt;
    std::string_view port = text.substr(colon + 1);
    if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
    if (!read_address(text.substr(0, colon))) return std::nullopt;
    return std::string(text.substr(0, colon));
}

enum class Found { Declined, Ok, Done };

// ngx_http_get_forwarded_addr_internal on one header's value.
Found walk(std::string& address, std::string_view xff, const std::vector<confparse::GeoNetwork>& proxies,
           bool recursive) {
    bool found = false;
    do {
        if (!trusted(address, proxies)) return found ? Found::Done : Found::Declined;
        size_t end = xff.find_last_not_of(" ,");
        if (end == std::string_view::npos) return found ? Found::Done : Found::Declined;
        xff = xff.substr(0, end + 1);
        size_t sep = xff.find_last_of(" ,");
        size_t begin = sep == std::string_view::npos ? 0 : sep + 1;
        auto next = address_part(xff.substr(begin));
        if (!next) return found ? Found::Done : Found::Declined;
        address = *next;
        found = true;
        xff = xff.substr(0, begin);
    } while (recursive && !xff.empty());
    return Found::Ok;
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
    if (n.inet6 != a.inet6) return false;
    for (int i = 0; i < (a.inet6 ? 16 : 4); ++i) {
        if ((a.bytes[i] & n.mask[i]) != n.addr[i]) return false;
    }
    return true;
}

std::string forwarded_address(std::string address, const std::vector<Header>& headers,
                              const std::vector<confparse::GeoNetwork>& proxies, bool recursive) {
    if (proxies.empty()) return address;
    // as nginx: X-Forwarded-For headers from the last; only the last unless recursive, and on into
    // earlier ones only while every address of the later ones was trusted
    for (auto h = headers.rbegin(); h != headers.rend(); ++h) {
        if (strcasecmp(h->name.c_str(), "X-Forwarded-For") != 0) continue;
        if (walk(address, h->value, proxies, recursive) != Found::Ok || !recursive) break;
    }
    return address;
}

}  // namespace proxy
