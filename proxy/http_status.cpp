#include "proxy/http_status.hpp"

#include <utility>

#include "proxy/uri.hpp"

namespace proxy {
namespace {

struct Status {
    int code;
    std::string_view line;   // reason in the status line
    std::string_view title;  // in the error page, when it differs from the line
};

constexpr Status kStatuses[] = {
    {200, "OK", ""}, {201, "Created", ""}, {202, "Accepted", ""}, {204, "No Content", ""},
    {206, "Partial Content", ""}, {301, "Moved Permanently", ""}, {302, "Moved Temporarily", "Found"},
    {303, "See Other", ""}, {304, "Not Modified", ""}, {307, "Temporary Redirect", ""},
    {308, "Permanent Redirect", ""}, {400, "Bad Request", ""}, {401, "Unauthorized", "Authorization Required"},
    {402, "Payment Required", ""}, {403, "Forbidden", ""}, {404, "Not Found", ""}, {405, "Not Allowed", ""},
    {406, "Not Acceptable", ""}, {408, "Request Time-out", ""}, {409, "Conflict", ""}, {410, "Gone", ""},
    {411, "Length Required", ""}, {412, "Precondition Failed", ""}, {413, "Request Entity Too Large", ""},
    {414, "Request-URI Too Large", ""}, {415, "Unsupported Media Type", ""},
    {416, "Requested Range Not Satisfiable", ""}, {421, "Misdirected Request", ""}, {429, "Too Many Requests", ""},
    {500, "Internal Server Error", ""}, {501, "Not Implemented", ""}, {502, "Bad Gateway", ""},
    {503, "Service Temporarily Unavailable", ""}, {504, "Gateway Time-out", ""},
    {505, "HTTP Version Not Supported", ""}, {507, "Insufficient Storage", ""},
};

const Status* find(int code) {
    for (const auto& s : kStatuses) {
        if (s.code == code) return &s;
    }
    return nullptr;
}

// The second line of nginx's 400-class special pages.
std::string_view special_detail(int code) {
    switch (code) {
        case kHeaderTooLarge: return "Request Header Or Cookie Too Large";
        case kCertError: return "The SSL certificate error";
        case kNoCert: return "No required SSL certificate was sent";
        case kHttpToHttps: return "The plain HTTP request was sent to HTTPS port";
        default: return {};
    }
}

}  // namespace

std::string_view reason_phrase(int code) {
    const Status* s = find(code);
    return s ? s->line : std::string_view();
}

int wire_status(int code) { return special_detail(code).empty() ? code : 400; }

std::string error_page(int code, std::string_view server_version) {
    std::string tail = "<hr><center>" + std::string(server_version) + "</center>\r\n</body>\r\n</html>\r\n";
    std::string_view detail = special_detail(code);
    if (!detail.empty()) {
        return "<html>\r\n<head><title>400 " + std::string(detail) + "</title></head>\r\n<body>\r\n"
               "<center><h1>400 Bad Request</h1></center>\r\n<center>" + std::string(detail) + "</center>\r\n" + tail;
    }
    const Status* s = find(code);
    if (!s || code < 301 || code == 304) return {};
    std::string title = std::to_string(code) + " " + std::string(s->title.empty() ? s->line : s->title);
    return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
           "</h1></center>\r\n" + tail;
}

std::string_view msie_padding() {
    static const std::string padding = [] {
        std::string lines;
        for (int i = 0; i < 6; ++i) lines += "<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n";
        return lines;
    }();
    return padding;
}

std::string refresh_page(std::string_view location) {
    return "<html><head><meta http-equiv=\"Refresh\" content=\"0; URL=" + escape_uri(location, "\"'<>\\^`{|~") +
           "\"></head><body></body></html>\r\n";
}

}  // namespace proxy
