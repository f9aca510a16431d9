#pragma once
// nginx's try_files (its precontent phase): the first name that exists under the level's root or alias
// as a file (or, written with a trailing '/' before the last name, as a folder) becomes the request's
// URI, and the level's mirrors and content handler take it; when none does, the last name answers: an
// internal redirect to that URI (with only the arguments written in it), to a named location, or "=code".
#include <sys/stat.h>

#include <cerrno>
#include <string>
#include <vector>

#include "confparse/files.hpp"
#include "proxy/error_context.hpp"
#include "proxy/error_page.hpp"
#include "proxy/file_path.hpp"

namespace proxy {

// The mirrors and the content phase (dispatch.hpp).
template <class Stream>
net::awaitable<void> after_try_files(Exchange<Stream>& x);

template <class Stream>
net::awaitable<void> handle_try_files(Exchange<Stream>& x, const std::vector<std::string>& names) {
    RequestContext& r = x.r;
    const std::string root = level_root(x.scope, r, x.runtime.prefix());
    const std::size_t alias = *x.scope.alias_length;
    const bool part_alias = alias != 0 && alias != confparse::kWholeAlias;
    for (std::size_t i = 0; i + 1 < names.size(); ++i) {
        const bool folder = names[i].size() > 1 && names[i].back() == '/';
        std::string name = x.runtime.render(names[i], r);
        if (folder) name.pop_back();
        // as nginx: a name made with variables ($uri) loses the part of the URI an alias takes the place of
        bool variables = names[i].find('$') != std::string::npos;
        if (part_alias && variables && name.compare(0, alias, r.uri, 0, alias) == 0) {
            name.erase(0, alias);
        }
        std::string path = root + name;
        struct stat st;
        if (::stat(path.c_str(), &st) != 0) {
            if (errno != ENOENT && errno != ENOTDIR && errno != ENAMETOOLONG) {
                x.runtime.error_log(x.scope).write(confparse::LogLevel::Crit, r.connection->id,
                    "stat() \"" + path + "\" failed (" + confparse::errno_text(errno) + ")" + error_context(r));
            }
            continue;
        }
        if (S_ISDIR(st.st_mode) != folder) continue;
        if (part_alias) {
            r.uri = r.uri.substr(0, alias) + name;
        } else if (!alias) {
            r.uri = name;
        } else if (!folder) {  // a regex location's alias: the name goes after it
            r.uri = name;
            r.add_uri_to_alias = true;
        }
        co_return co_await after_try_files(x);
    }
    std::string last = x.runtime.render(names.back(), r);
    if (!last.empty() && last[0] == '=') co_return co_await send_error(x, std::stoi(last.substr(1)));
    const confparse::Location* named = nullptr;
    if (!last.empty() && last[0] == '@') {
        named = find_named_location(x, last);
        if (!named) co_return co_await send_error(x, 500);
    } else {
        std::size_t question = last.find('?');
        r.args = question == std::string::npos ? std::string() : last.substr(question + 1);
        r.has_args = !r.args.empty();
        r.uri = last.substr(0, question);
        r.rewritten = true;
    }
    co_await redirect_internally(x, last, named);
}

}  // namespace proxy
