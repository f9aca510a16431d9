#include "proxy/ssi_header.hpp"

#include <strings.h>

#include <cctype>

namespace proxy::ssi {
namespace {

bool named(std::string_view line, std::string_view name) {
    return line.size() > name.size() && line[name.size()] == ':' && strncasecmp(line.data(), name.data(), name.size()) == 0;
}

}  // namespace

std::string rewrite_header(std::string_view raw, Framing framing, bool last_modified, bool keep_accept_ranges) {
    const bool chunked = framing == Framing::Chunked;
    std::string out;
    out.reserve(raw.size() + 32);
    bool te_written = false;
    std::size_t at = 0;
    while (at < raw.size()) {
        std::size_t end = raw.find("\r\n", at);
        if (end == std::string_view::npos) end = raw.size();
        std::string_view line = raw.substr(at, end - at);
        at = end + 2;
        if (line.empty()) break;
        if (named(line, "Content-Length") || named(line, "Transfer-Encoding")) continue;  // framed anew
        if (named(line, "Accept-Ranges") && !keep_accept_ranges) continue;
        if (!last_modified && (named(line, "Last-Modified") || named(line, "ETag"))) continue;
        if (named(line, "Connection") && chunked && !te_written) {
            out += "Transfer-Encoding: chunked\r\n";  // nginx's order: just before Connection
            te_written = true;
        }
        if (named(line, "Connection") && framing == Framing::UntilClose) {
            out += "Connection: close\r\n";
            continue;
        }
        if (named(line, "ETag") && line.find("W/") == std::string_view::npos) {
            std::size_t value = line.find('"');
            if (value == std::string_view::npos) continue;  // as nginx: an ETag that cannot be weak goes
            out.append(line.substr(0, value)).append("W/").append(line.substr(value)).append("\r\n");
            continue;
        }
        out.append(line).append("\r\n");
    }
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
