#include "proxy/proxy_protocol.hpp"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <cstring>

namespace proxy {
namespace {

constexpr std::string_view kV2Signature("\r\n\r\n\0\r\nQUIT\n", 12);
constexpr std::size_t kV2HeaderSize = 16;  // the signature, version and command, family and transport, length

// A v1 address: the characters up to a space, each one of an address's; the position after the space.
std::optional<std::size_t> read_v1_address(std::string_view data, std::size_t at, std::string& address) {
    for (std::size_t p = at; p < data.size(); ++p) {
        char c = data[p];
        if (c == ' ') {
            address.assign(data.substr(at, p - at));
            return p + 1;
        }
        bool allowed =
            c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!allowed) return std::nullopt;
    }
    return std::nullopt;
}

// A v1 port: decimal digits up to `end`, at most 65535; the position after `end`.
std::optional<std::size_t> read_v1_port(std::string_view data, std::size_t at, char end, int& port) {
    std::size_t stop = data.find(end, at);
    if (stop == std::string_view::npos || stop == at) return std::nullopt;
    long value = 0;
    for (std::size_t p = at; p < stop; ++p) {
        if (data[p] < '0' || data[p] > '9') return std::nullopt;
        value = value * 10 + (data[p] - '0');
        if (value > 65535) return std::nullopt;
    }
    port = static_cast<int>(value);
    return stop + 1;
}

ProxyProtocolHeader broken(std::string_view data) {
    ProxyProtocolHeader h;
    h.error = "broken header: \"" + std::string(data) + "\"";
    return h;
}

ProxyProtocolHeader read_v1(std::string_view data) {
    if (data.size() < 8 || data.substr(0, 6) != "PROXY ") return broken(data);
    std::size_t p = 6;
    ProxyProtocolHeader h;
    if (data.substr(p, 7) == "UNKNOWN") {
        // the rest of the line names nothing
        std::size_t crlf = data.find("\r\n", p + 7);
        if (crlf == std::string_view::npos) return broken(data);
        h.size = crlf + 2;
        return h;
    }
    std::string_view proto = data.substr(p, 5);
    if (proto.size() < 5 || proto.substr(0, 3) != "TCP" || (proto[3] != '4' && proto[3] != '6') || proto[4] != ' ') {
        return broken(data);
    }
    ProxyProtocolAddresses a;
    std::optional<std::size_t> at = read_v1_address(data, p + 5, a.src_addr);
    if (at) at = read_v1_address(data, *at, a.dst_addr);
    if (at) at = read_v1_port(data, *at, ' ', a.src_port);
    if (at) at = read_v1_port(data, *at, '\r', a.dst_port);
    if (!at || *at >= data.size() || data[*at] != '\n') return broken(data);
    h.size = *at + 1;
    h.addresses = std::move(a);
    return h;
}

std::string address_text(int family, const unsigned char* bytes) {
    char text[INET6_ADDRSTRLEN];
    return inet_ntop(family, bytes, text, sizeof text) ? std::string(text) : std::string();
}

int read_u16(const unsigned char* p) { return p[0] << 8 | p[1]; }

ProxyProtocolHeader read_v2(std::string_view data) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    ProxyProtocolHeader h;
    unsigned version = bytes[12] >> 4;
    if (version != 2) {
        h.error = "unknown PROXY protocol version: " + std::to_string(version);
        return h;
    }
    std::size_t length = static_cast<std::size_t>(read_u16(bytes + 14));
    if (data.size() - kV2HeaderSize < length) {
        h.error = "header is too large";
        return h;
    }
    const std::size_t end = kV2HeaderSize + length;
    unsigned command = bytes[12] & 0x0f, transport = bytes[13] & 0x0f, family = bytes[13] >> 4;
    // as nginx: only PROXY over STREAM from IPv4 or IPv6 names addresses; the rest (TLVs too) is skipped
    if (command != 1 || transport != 1 || (family != 1 && family != 2)) {
        h.size = end;
        return h;
    }
    const std::size_t address_size = family == 1 ? 4 : 16;
    if (length < 2 * address_size + 4) return h;  // addresses cut short: nginx closes without a word
    const unsigned char* at = bytes + kV2HeaderSize;
    const int af = family == 1 ? AF_INET : AF_INET6;
    ProxyProtocolAddresses a;
    a.src_addr = address_text(af, at);
    a.dst_addr = address_text(af, at + address_size);
    a.src_port = read_u16(at + 2 * address_size);
    a.dst_port = read_u16(at + 2 * address_size + 2);
    h.size = end;
    h.addresses = std::move(a);
    return h;
}

}  // namespace

ProxyProtocolHeader read_proxy_protocol(std::string_view data) {
    if (data.size() >= kV2HeaderSize && data.substr(0, kV2Signature.size()) == kV2Signature) return read_v2(data);
    return read_v1(data);
}

}  // namespace proxy
