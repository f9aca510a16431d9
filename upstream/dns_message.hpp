#pragma once
// DNS messages as nginx's resolver sends and reads them (RFC 1035): a recursive query for one name and
// type, and the addresses, CNAME and TTL of its response. No I/O here: the client is proxy/resolver.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace upstream::dns {

inline constexpr std::uint16_t kTypeA = 1;
inline constexpr std::uint16_t kTypeCname = 5;
inline constexpr std::uint16_t kTypeAaaa = 28;

// nginx's resolver states beyond the response codes (ngx_resolver_strerror).
inline constexpr int kFormatError = 1;
inline constexpr int kNotFound = 3;  // NXDOMAIN, or no address of either type
inline constexpr int kTimedOut = 110;

// The words nginx logs for a state: "Host not found", "Operation timed out", ...
const char* state_text(int state);

// The query message, or empty when `name` cannot be a DNS name (an empty or over-long label, over 255
// characters in all).
std::string encode_query(std::uint16_t id, std::string_view name, std::uint16_t type);

struct Response {
    int rcode = 0;
    bool truncated = false;
    std::vector<std::string> addresses;  // numeric, "192.0.2.1" or "2001:db8::1", of the query's type
    std::string cname;                   // the alias the name has, when no address came with it
    std::uint32_t ttl = UINT32_MAX;      // the smallest TTL of the records read
};

enum class Decoded {
    Ok,
    NotOurs,  // another id, question or type: not the answer to this query (ignored, as nginx)
    Invalid,  // the answer to this query, but malformed (`error` says how, in nginx's words)
};

// Reads `message` as the response to the query `id` for `name` and `type`.
Decoded decode_response(std::span<const std::uint8_t> message, std::uint16_t id, std::string_view name,
                        std::uint16_t type, Response& out, std::string& error);

}  // namespace upstream::dns
