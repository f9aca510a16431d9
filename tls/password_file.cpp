#include "tls/password_file.hpp"

#include "confparse/files.hpp"

namespace tls {
namespace {

constexpr size_t kMaxLine = 4096;  // nginx's NGX_SSL_PASSWORD_BUFFER_SIZE

}  // namespace

std::vector<std::string> read_password_file(const std::string& path, const confparse::SourceRef& where) {
    std::string text;
    if (int err = confparse::read_file(path, text)) {
        throw confparse::ConfigError("open() \"" + path + "\" failed (" + confparse::errno_text(err) + ")", where);
    }
    if (!text.empty() && text.back() != '\n') text += '\n';

    std::vector<std::string> passwords;
    size_t start = 0;
    for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
        size_t len = end - start;
        if (len >= kMaxLine) throw confparse::ConfigError("too long line in \"" + path + "\"", where);
        if (len && text[end - 1] == '\r') --len;
        if (len) passwords.push_back(text.substr(start, len));
    }
    if (passwords.empty()) passwords.emplace_back();
    return passwords;
}

}  // namespace tls
