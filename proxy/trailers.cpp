#include "proxy/trailers.hpp"

#include "proxy/header_lines.hpp"

namespace proxy {

std::string chunked_header(std::string_view raw) {
    std::string out;
    out.reserve(raw.size() + 28);
    bool framed = false;
    each_header_line(raw, [&](std::string_view line) {
        if (names_field(line, "Content-Length") || names_field(line, "Transfer-Encoding")) return;
        if (!framed && names_field(line, "Connection")) {
            out += "Transfer-Encoding: chunked\r\n";
            framed = true;
        }
        out.append(line).append("\r\n");
    });
    if (!framed) out += "Transfer-Encoding: chunked\r\n";
    return out += "\r\n";
}

std::string last_chunk(const std::vector<Header>& trailers) {
    std::string out = "0\r\n";
    for (const Header& t : trailers) out.append(t.name).append(": ").append(t.value).append("\r\n");
    return out += "\r\n";
}

}  // namespace proxy
