#include "proxy/auth_basic.hpp"

#include <cerrno>
#include <cstdio>
#include <memory>
#include <string>

#include "confparse/config.hpp"
#include "confparse/files.hpp"
#include "proxy/access_phase.hpp"
#include "proxy/basic_auth.hpp"
#include "proxy/error_context.hpp"
#include "proxy/logs.hpp"
#include "proxy/runtime.hpp"
#include "tls/password_hash.hpp"

namespace proxy {
namespace {

// The password field of the user's line in `file` (lines "user:password[:comment]", '#' comments), or
// nothing when the user has none.
std::optional<std::string> password_of(std::FILE* file, const std::string& user) {
    char* line = nullptr;
    std::size_t capacity = 0;
    std::optional<std::string> found;
    for (ssize_t n; !found && (n = ::getline(&line, &capacity, file)) >= 0;) {
        std::string_view text(line, static_cast<std::size_t>(n));
        if (text.empty() || text[0] == '#' || text.substr(0, user.size()) != user) continue;
        if (text.size() == user.size() || text[user.size()] != ':') continue;
        text.remove_prefix(user.size() + 1);
        found = std::string(text.substr(0, text.find_first_of(":\r\n")));
    }
    std::free(line);
    return found;
}

}  // namespace

int auth_basic_status(const Runtime& runtime, const confparse::HttpScope& scope, RequestContext& r) {
    const std::string& realm_source = *scope.auth_basic;
    const std::string& file_source = *scope.auth_basic_user_file;
    if (file_source.empty() || realm_source == "off") return kAccessDeclined;
    std::string realm = runtime.render(realm_source, r);
    if (realm == "off") return kAccessDeclined;
    const ErrorLog& log = runtime.error_log(scope);
    auto challenge = [&] {
        r.kept_headers.push_back({"WWW-Authenticate", "Basic realm=\"" + realm + "\""});
        return 401;
    };
    const std::string* authorization = r.header("Authorization");
    std::optional<Credentials> credentials = authorization ? basic_credentials(*authorization) : std::nullopt;
    if (!credentials) {
        log.write(confparse::LogLevel::Info, r.connection->id,
                  "no user/password was provided for basic authentication" + error_context(r));
        return challenge();
    }
    std::string path = runtime.render(file_source, r);
    // as nginx: a name a variable starts is made absolute now, under the configuration's folder
    if (file_source[0] == '$') path = confparse::full_name(runtime.conf_prefix(), path);
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "re"), &std::fclose);
    if (!file) {
        int err = errno;
        log.write(err == ENOENT ? confparse::LogLevel::Error : confparse::LogLevel::Crit, r.connection->id,
                  "open() \"" + path + "\" failed (" + confparse::errno_text(err) + ")" + error_context(r));
        return err == ENOENT ? 403 : 500;
    }
    std::optional<std::string> entry = password_of(file.get(), credentials->user);
    if (!entry) {
        log.write(confparse::LogLevel::Error, r.connection->id,
                  "user \"" + credentials->user + "\" was not found in \"" + path + "\"" + error_context(r));
        return challenge();
    }
    if (!tls::password_matches(credentials->password, *entry)) {
        log.write(confparse::LogLevel::Error, r.connection->id,
                  "user \"" + credentials->user + "\": password mismatch" + error_context(r));
        return challenge();
    }
    return kAccessAllowed;
}

}  // namespace proxy
