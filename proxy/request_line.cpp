#include "proxy/request_line.hpp"

namespace proxy {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

bool method_byte(char c) { return (c >= 'A' && c <= 'Z') || c == '_' || c == '-'; }

// From `at`, past the spaces.
std::size_t skip_spaces(std::string_view line, std::size_t at) {
    while (at < line.size() && line[at] == ' ') ++at;
    return at;
}

// The byte at `at` and the one after are the line's CRLF.
bool line_end_at(std::string_view line, std::size_t at) { return line.substr(at) == "\r\n"; }

}  // namespace

bool parser_reads(std::string_view line) {
    std::size_t target = line.find(' ');
    if (target == std::string_view::npos || target + 1 == line.size()) return true;
    if (line[target + 1] == ' ') return false;
    std::size_t version = line.find(' ', target + 1);
    if (version == std::string_view::npos) return true;
    std::string_view rest = line.substr(version);
    return std::string_view(" HTTP/1.1\r\n").starts_with(rest) || std::string_view(" HTTP/1.0\r\n").starts_with(rest);
}

ParsedRequestLine parse_request_line(std::string_view line) {
    using enum RequestLineVerdict;
    ParsedRequestLine p;
    auto partial = [&p] {
        p.verdict = Partial;
        return p;
    };
    std::size_t at = 0;
    for (; at < line.size() && line[at] != ' '; ++at) {
        if (!method_byte(line[at])) {
            p.verdict = InvalidMethod;
            return p;
        }
    }
    if (at == line.size()) return partial();
    if (at == 0) {
        p.verdict = InvalidMethod;
        return p;
    }
    p.method = line.substr(0, at);
    at = skip_spaces(line, at);
    // as nginx: the target starts with '/' or a scheme's letter and runs to a space or the line's end; a
    // control byte in it is a fault
    std::size_t start = at;
    if (at == line.size()) return partial();
    if (char c = static_cast<char>(line[at] | 0x20); line[at] != '/' && (c < 'a' || c > 'z')) return p;
    for (; at < line.size() && line[at] != ' ' && line[at] != '\r' && line[at] != '\n'; ++at) {
        if (static_cast<unsigned char>(line[at]) < 0x20 || line[at] == 0x7f) return p;
    }
    if (at == line.size()) return partial();
    p.target = line.substr(start, at - start);
    at = skip_spaces(line, at);
    if (line_end_at(line, at)) {
        p.verdict = Http09;
        return p;
    }
    std::size_t protocol = at;
    std::string_view http = line.substr(at, 5);
    if (http != "HTTP/") {
        bool more_to_come = at + http.size() == line.size() && (std::string_view("HTTP/").starts_with(http) || http == "\r");
        return more_to_come ? partial() : p;
    }
    at += 5;
    // the major version: a digit from 1, and no more than 1 in all
    if (at == line.size()) return partial();
    if (!digit(line[at]) || line[at] == '0') return p;
    for (int major = 0; at < line.size() && digit(line[at]); ++at) {
        major = major * 10 + (line[at] - '0');
        if (major > 1) {
            p.verdict = InvalidVersion;
            return p;
        }
    }
    if (at == line.size()) return partial();
    if (line[at] != '.') return p;
    // the minor version: a digit, then more while what was read is below 100 (nginx's bound on it)
    if (++at == line.size()) return partial();
    if (!digit(line[at])) return p;
    for (; at < line.size() && digit(line[at]); ++at) {
        if (p.minor > 99) return p;
        p.minor = p.minor * 10 + (line[at] - '0');
    }
    std::size_t end = skip_spaces(line, at);
    if (end == line.size() || line.substr(end) == "\r") return partial();
    if (!line_end_at(line, end)) return p;
    p.protocol = line.substr(protocol, end - protocol);
    p.verdict = Http1;
    return p;
}

error_code request_line_fault(RequestLineVerdict verdict) {
    switch (verdict) {
        case RequestLineVerdict::InvalidMethod: return http::error::bad_method;
        case RequestLineVerdict::InvalidRequest:
        case RequestLineVerdict::Http09: return http::error::bad_target;
        case RequestLineVerdict::InvalidVersion: return http::error::bad_version;
        default: return {};
    }
}

std::optional<std::string> request_line_for_parser(const ParsedRequestLine& p, std::string_view line,
                                                   SentRequestLine& sent) {
    if (p.verdict != RequestLineVerdict::Http1) return std::nullopt;
    std::string fixed;
    fixed.reserve(p.method.size() + p.target.size() + 12);
    fixed.append(p.method).append(1, ' ').append(p.target).append(p.minor == 0 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
    sent.text.assign(line.substr(0, line.size() - 2));
    sent.protocol_at = static_cast<std::size_t>(p.protocol.data() - line.data());
    return fixed;
}

}  // namespace proxy
