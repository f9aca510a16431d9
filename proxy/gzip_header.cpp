#include "proxy/gzip_header.hpp"

#include <strings.h>

namespace proxy {
namespace {

constexpr std::string_view kVary = "Vary: Accept-Encoding\r\n";

// After the Connection line, else before the empty line.
std::string with_vary(std::string head) {
    std::size_t at = 0;
    while (at < head.size()) {
        std::size_t end = head.find("\r\n", at);
        if (end == std::string::npos || end == at) break;
        if (strncasecmp(head.c_str() + at, "Connection:", 11) == 0) {
            head.insert(end + 2, kVary);
            return head;
        }
        at = end + 2;
    }
    head.insert(head.size() - 2, kVary);
    return head;
}

}  // namespace

std::string gzip_header(std::string_view raw, ssi::Framing framing, bool vary) {
    // as nginx's SSI header rewrite with Last-Modified kept: the same fields go, the ETag turns weak; a
    // framing already there (the SSI filter's) is replaced
    std::string head = ssi::rewrite_header(raw, framing, true);
    head.insert(head.size() - 2, "Content-Encoding: gzip\r\n");
    return vary ? with_vary(std::move(head)) : head;
}

std::string vary_header(std::string_view raw) { return with_vary(std::string(raw)); }

}  // namespace proxy
