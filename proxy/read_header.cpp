#include "proxy/read_header.hpp"

#include <cstring>
#include <string>
#include <string_view>

namespace proxy {

std::size_t normalize_header_line_ends(beast::flat_buffer& buffer) {
    std::string_view data(static_cast<const char*>(buffer.data().data()), buffer.size());
    // The header ends at the first empty line, however its line ends are written; one pass finds it and
    // any LF without its CR before it.
    std::size_t end = data.size();
    bool lone = false;
    for (std::size_t i = data.find('\n'); i != std::string_view::npos; i = data.find('\n', i + 1)) {
        if (i == 0 || data[i - 1] != '\r') lone = true;
        std::size_t next = i + 1;
        if (next < data.size() && data[next] == '\r') ++next;
        if (next < data.size() && data[next] == '\n') {
            if (data[next - 1] != '\r') lone = true;
            end = next + 1;
            break;
        }
    }
    if (!lone) return 0;
    std::string fixed;
    fixed.reserve(data.size() + 16);
    for (std::size_t i = 0; i < data.size(); ++i) {
        if (i < end && data[i] == '\n' && (i == 0 || data[i - 1] != '\r')) fixed += '\r';
        fixed += data[i];
    }
    buffer.consume(buffer.size());
    auto space = buffer.prepare(fixed.size());
    std::memcpy(space.data(), fixed.data(), fixed.size());
    buffer.commit(fixed.size());
    return fixed.size() - data.size();
}

}  // namespace proxy
