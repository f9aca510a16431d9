#include "proxy/host.hpp"

#include <array>

namespace proxy {
namespace {

// What a byte of a host is to ngx_http_validate_host: most are plain, a few change its state, and '/',
// spaces and controls make it invalid. A table, as every request's Host goes through here.
enum ByteKind : unsigned char { Plain, Dot, Colon, Open, Close, Bad };

constexpr std::array<ByteKind, 256> kByteKinds = [] {
    std::array<ByteKind, 256> kinds{};
    for (int c = 0; c <= 0x20; ++c) kinds[c] = Bad;
    kinds[0x7f] = Bad;
    kinds['/'] = Bad;  // as nginx on Unix: '/' is the only path separator, so a backslash passes
    kinds['.'] = Dot;
    kinds[':'] = Colon;
    kinds['['] = Open;
    kinds[']'] = Close;
    return kinds;
}();

}  // namespace

std::optional<std::string> validate_host(std::string_view host) {
    enum class State { Usual, Literal, Rest } state = State::Usual;
    size_t dot_pos = host.size();
    size_t host_len = host.size();
    for (size_t i = 0; i < host.size(); ++i) {
        switch (kByteKinds[static_cast<unsigned char>(host[i])]) {
            case Plain: break;
            case Dot:
                if (i > 0 && dot_pos == i - 1) return std::nullopt;
                dot_pos = i;
                break;
            case Colon:
                if (state == State::Usual) {
                    host_len = i;
                    state = State::Rest;
                }
                break;
            case Open:
                if (i == 0) state = State::Literal;
                break;
            case Close:
                if (state == State::Literal) {
                    host_len = i + 1;
                    state = State::Rest;
                }
                break;
            case Bad: return std::nullopt;
        }
    }
    if (host_len > 0 && dot_pos == host_len - 1) --host_len;
    if (host_len == 0) return std::nullopt;
    std::optional<std::string> out(std::in_place, host.substr(0, host_len));
    for (char& c : *out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

}  // namespace proxy
