#include "upstream/dns_message.hpp"

#include <arpa/inet.h>
#include <strings.h>

namespace upstream::dns {
namespace {

std::uint16_t u16(std::span<const std::uint8_t> m, std::size_t at) {
    return static_cast<std::uint16_t>(m[at] << 8 | m[at + 1]);
}

std::uint32_t u32(std::span<const std::uint8_t> m, std::size_t at) {
    return static_cast<std::uint32_t>(u16(m, at)) << 16 | u16(m, at + 2);
}

// Reads the (possibly compressed) name at `at` into `name` (dotted, no final dot); `at` moves past it
// as it is written in place. False when it runs out of the message or loops.
bool read_name(std::span<const std::uint8_t> m, std::size_t& at, std::string& name) {
    name.clear();
    std::size_t pos = at;
    bool jumped = false;
    for (int hops = 0; hops < 64;) {
        if (pos >= m.size()) return false;
        std::uint8_t len = m[pos];
        if ((len & 0xc0) == 0xc0) {
            if (pos + 1 >= m.size()) return false;
            if (!jumped) at = pos + 2;
            jumped = true;
            pos = static_cast<std::size_t>((len & 0x3f) << 8 | m[pos + 1]);
            ++hops;
            continue;
        }
        if (len & 0xc0) return false;
        if (len == 0) {
            if (!jumped) at = pos + 1;
            return true;
        }
        if (pos + 1 + len > m.size() || name.size() + len > 255) return false;
        if (!name.empty()) name += '.';
        name.append(reinterpret_cast<const char*>(&m[pos + 1]), len);
        pos += 1 + len;
    }
    return false;
}

bool same_name(std::string_view a, std::string_view b) {
    if (!a.empty() && a.back() == '.') a.remove_suffix(1);
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

const char* state_text(int state) {
    static const char* const kCodes[] = {"Format error", "Server failure", "Host not found", "Unimplemented",
                                         "Operation refused"};
    if (state > 0 && state < 6) return kCodes[state - 1];
    if (state == kTimedOut) return "Operation timed out";
    return "Unknown error";
}

std::string encode_query(std::uint16_t id, std::string_view name, std::uint16_t type) {
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    if (name.empty() || name.size() > 255) return {};  // as nginx: four labels of 63 pass
    std::string m;
    m.reserve(12 + name.size() + 6);
    // id, flags: a standard query with recursion desired, one question
    const char header[] = {static_cast<char>(id >> 8), static_cast<char>(id & 0xff), 1, 0, 0, 1, 0, 0, 0, 0, 0, 0};
    m.append(header, sizeof header);
    for (std::size_t start = 0; start <= name.size();) {
        std::size_t dot = name.find('.', start);
        if (dot == std::string_view::npos) dot = name.size();
        std::size_t len = dot - start;
        if (len == 0 || len > 63) return {};
        m += static_cast<char>(len);
        m.append(name.substr(start, len));
        start = dot + 1;
    }
    m += '\0';
    const char tail[] = {static_cast<char>(type >> 8), static_cast<char>(type & 0xff), 0, 1};  // class IN
    m.append(tail, sizeof tail);
    return m;
}

Decoded decode_response(std::span<const std::uint8_t> m, std::uint16_t id, std::string_view name,
                        std::uint16_t type, Response& out, std::string& error) {
    if (m.size() < 12 || u16(m, 0) != id) return Decoded::NotOurs;
    std::uint16_t flags = u16(m, 2);
    if (!(flags & 0x8000) || u16(m, 4) != 1) return Decoded::NotOurs;  // not a response to one question
    std::size_t at = 12;
    std::string text;
    if (!read_name(m, at, text) || at + 4 > m.size()) return Decoded::NotOurs;
    if (!same_name(name, text) || u16(m, at) != type || u16(m, at + 2) != 1) return Decoded::NotOurs;
    at += 4;
    out = Response{};
    out.rcode = flags & 0x0f;
    out.truncated = flags & 0x0200;
    if (out.rcode) return Decoded::Ok;
    for (std::uint16_t n = u16(m, 6); n > 0; --n) {
        if (!read_name(m, at, text)) {
            error = "invalid name in DNS response";
            return Decoded::Invalid;
        }
        if (at + 10 > m.size()) {
            error = "short DNS response";
            return Decoded::Invalid;
        }
        std::uint16_t rtype = u16(m, at), rclass = u16(m, at + 2), length = u16(m, at + 8);
        std::uint32_t ttl = u32(m, at + 4);
        at += 10;
        if (at + length > m.size()) {
            error = "short DNS response";
            return Decoded::Invalid;
        }
        if (rclass == 1 && (rtype == type || rtype == kTypeCname)) {
            // as nginx: a negative TTL counts as 0
            out.ttl = std::min(out.ttl, ttl > INT32_MAX ? 0u : ttl);
        }
        if (rclass == 1 && rtype == type && (type == kTypeA || type == kTypeAaaa)) {
            bool v4 = type == kTypeA;
            if (length != (v4 ? 4 : 16)) {
                error = v4 ? "invalid A record in DNS response" : "invalid AAAA record in DNS response";
                return Decoded::Invalid;
            }
            char buf[INET6_ADDRSTRLEN];
            inet_ntop(v4 ? AF_INET : AF_INET6, &m[at], buf, sizeof buf);
            out.addresses.emplace_back(buf);
        } else if (rclass == 1 && rtype == kTypeCname && out.cname.empty()) {
            std::size_t target = at;
            if (!read_name(m, target, out.cname)) {
                error = "invalid name in DNS response";
                return Decoded::Invalid;
            }
        }
        at += length;
    }
    if (!out.addresses.empty()) out.cname.clear();
    return Decoded::Ok;
}

}  // namespace upstream::dns
