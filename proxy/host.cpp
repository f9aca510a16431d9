#include "proxy/host.hpp"

namespace proxy {

std::optional<std::string> validate_host(std::string_view host) {
    enum class State { Usual, Literal, Rest } state = State::Usual;
    size_t dot_pos = host.size();
    size_t host_len = host.size();
    for (size_t i = 0; i < host.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(host[i]);
        switch (c) {
            case '.':
                if (i > 0 && dot_pos == i - 1) return std::nullopt;
                dot_pos = i;
                break;
            case ':':
                if (state == State::Usual) {
                    host_len = i;
                    state = State::Rest;
                }
                break;
            case '[':
                if (i == 0) state = State::Literal;
                break;
            case ']':
                if (state == State::Literal) {
                    host_len = i + 1;
                    state = State::Rest;
                }
                break;
            default:
                // as nginx on Unix: '/' is the only path separator, so a backslash passes
                if (c == '/' || c <= 0x20 || c == 0x7f) return std::nullopt;
                break;
        }
    }
    if (host_len > 0 && dot_pos == host_len - 1) --host_len;
    if (host_len == 0) return std::nullopt;
    std::string out(host.substr(0, host_len));
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

}  // namespace proxy
