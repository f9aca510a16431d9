#include "proxy/ssi_header.hpp"

#include <cctype>

#include "proxy/header_lines.hpp"

namespace proxy::ssi {

std::string rewrite_header(std::string_view raw, Framing framing, bool last_modified, bool keep_accept_ranges) {
    const bool chunked = framing == Framing::Chunked;
    std::string out;
    out.reserve(raw.size() + 32);
    bool te_written = false;
    each_header_line(raw, [&](std::string_view line) {
        if (names_field(line, "Content-Length") || names_field(line, "Transfer-Encoding")) return;  // framed anew
        if (names_field(line, "Accept-Ranges") && !keep_accept_ranges) return;
        if (!last_modified && (names_field(line, "Last-Modified") || names_field(line, "ETag"))) return;
        if (names_field(line, "Connection") && chunked && !te_written) {
            out += "Transfer-Encoding: chunked\r\n";  // nginx's order: just before Connection
            te_written = true;
        }
        if (names_field(line, "Connection") && framing == Framing::UntilClose) {
            out += "Connection: close\r\n";
            return;
        }
        if (names_field(line, "ETag") && line.find("W/") == std::string_view::npos) {
            std::size_t value = line.find('"');
            if (value == std::string_view::npos) return;  // as nginx: an ETag that cannot be weak goes
            out.append(line.substr(0, value)).append("W/").append(line.substr(value)).append("\r\n");
            return;
        }
        out.append(line).append("\r\n");
    });
    if (chunked && !te_written) out += "Transfer-Encoding: chunked\r\n";
    out += "\r\n";
    return out;
}

std::string media_type(std::string_view content_type) {
    std::string type;
    for (char c : content_type.substr(0, content_type.find(';'))) {
        if (c != ' ' && c != '\t') type += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return type;
}

}  // namespace proxy::ssi
