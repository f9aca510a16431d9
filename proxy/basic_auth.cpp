#include "proxy/basic_auth.hpp"

#include <strings.h>

namespace proxy {
namespace {

int base64_digit(unsigned char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

// As ngx_decode_base64: the digits up to the first '=' (any other character is an error), whatever
// follows it ignored; a lone digit left over is an error.
std::optional<std::string> decode_base64(std::string_view text) {
    text = text.substr(0, text.find('='));
    if (text.size() % 4 == 1) return std::nullopt;
    std::string out;
    unsigned bits = 0;
    int count = 0;
    for (unsigned char c : text) {
        int digit = base64_digit(c);
        if (digit < 0) return std::nullopt;
        bits = (bits << 6) | static_cast<unsigned>(digit);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += static_cast<char>((bits >> count) & 0xff);
        }
    }
    return out;
}

}  // namespace

std::optional<Credentials> basic_credentials(std::string_view authorization) {
    constexpr std::string_view basic = "Basic ";
    if (authorization.size() < basic.size() || strncasecmp(authorization.data(), basic.data(), basic.size()) != 0) {
        return std::nullopt;
    }
    std::string_view encoded = authorization.substr(basic.size());
    while (!encoded.empty() && encoded.front() == ' ') encoded.remove_prefix(1);
    if (encoded.empty()) return std::nullopt;
    std::optional<std::string> decoded = decode_base64(encoded);
    if (!decoded) return std::nullopt;
    std::size_t colon = decoded->find(':');
    if (colon == 0 || colon == std::string::npos) return std::nullopt;
    return Credentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

}  // namespace proxy
