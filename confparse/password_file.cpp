#include "confparse/password_file.hpp"

#include "confparse/build_state.hpp"
#include "confparse/files.hpp"

namespace confparse {
namespace {

constexpr size_t kMaxLine = 4096;  // nginx's NGX_SSL_PASSWORD_BUFFER_SIZE

}  // namespace

std::vector<std::string> read_password_file(const std::string& path, const SourceRef& where) {
    std::string text;
    if (int err = read_file(path, text)) {
        throw ConfigError("open() \"" + path + "\" failed (" + errno_text(err) + ")", where);
    }
    if (!text.empty() && text.back() != '\n') text += '\n';

    std::vector<std::string> passwords;
    size_t start = 0;
    for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
        size_t len = end - start;
        if (len >= kMaxLine) throw ConfigError("too long line in \"" + path + "\"", where);
        if (len && text[end - 1] == '\r') --len;
        if (len) passwords.push_back(text.substr(start, len));
    }
    if (passwords.empty()) passwords.emplace_back();
    return passwords;
}

Row password_file(std::string_view name, unsigned contexts, Setting<PasswordFile> HttpScope::*member) {
    Row row{name, contexts, kTake1};
    row.set = [member](BuildState& b, const Directive& d) {
        auto& s = b.scope().*member;
        if (s.is_set()) fail_directive(d, "is duplicate");
        std::string path = b.conf_path(arg0(d));
        s.value = PasswordFile{path, read_password_file(path, d.where)};
        s.where = d.where;
    };
    row.merge = [member](HttpScope& child, const HttpScope& parent) {
        (child.*member).merge(parent.*member, PasswordFile{});
    };
    return row;
}

}  // namespace confparse
