#pragma once
// nginx's index module: a URI that ends in '/' goes by an internal redirect to the first of the level's
// index names found in its folder; an absolute name (or one whose variables make it so) is not looked
// for. With none found, nginx's content phase answers 403 for the folder, 404 when it does not exist.
#include <sys/stat.h>

#include <cerrno>
#include <string>

#include "confparse/files.hpp"
#include "proxy/error_context.hpp"
#include "proxy/error_page.hpp"

namespace proxy {

template <class Stream>
net::awaitable<void> serve_index(Exchange<Stream>& x, const std::string& folder) {
    RequestContext& r = x.r;
    const ErrorLog& log = x.runtime.error_log(x.scope);
    auto fail = [&](const std::string& file, int err) {  // as ngx_http_index_error
        if (err == EACCES || *x.scope.log_not_found) {
            log.write(confparse::LogLevel::Error, r.connection->id,
                      "\"" + file + "\" is " + (err == EACCES ? "forbidden" : "not found") + " (" +
                          confparse::errno_text(err) + ")" + error_context(r));
        }
        return err == EACCES ? 403 : 404;
    };
    bool folder_tested = false;
    for (const std::string& entry : *x.scope.index) {
        std::string name = x.runtime.render(entry, r);
        if (!name.empty() && name[0] == '/') {
            r.uri = name;
            r.rewritten = true;
            co_return co_await redirect_internally(x, r.uri, nullptr);
        }
        std::string file = folder + name;
        struct stat st;
        if (::stat(file.c_str(), &st) == 0) {
            r.uri += name;
            r.rewritten = true;
            co_return co_await redirect_internally(x, r.uri, nullptr);
        }
        int err = errno;
        if (err == ENOTDIR || err == ENAMETOOLONG || err == EACCES) co_return co_await send_error(x, fail(file, err));
        if (!folder_tested) {
            folder_tested = true;
            std::string path = folder.size() > 1 && folder.back() == '/' ? folder.substr(0, folder.size() - 1) : folder;
            int folder_err = ::stat(path.c_str(), &st) == 0 ? 0 : errno;
            // as nginx, which names the index file here, not the folder
            if (folder_err == ENOENT) co_return co_await send_error(x, fail(file, ENOENT));
            if (folder_err && folder_err != EACCES) {  // EACCES: the folder may still be searched
                log.write(confparse::LogLevel::Crit, r.connection->id,
                          "stat() \"" + path + "\" failed (" + confparse::errno_text(folder_err) + ")" +
                              error_context(r));
                co_return co_await send_error(x, 500);
            }
            if (!folder_err && !S_ISDIR(st.st_mode)) {
                log.write(confparse::LogLevel::Alert, r.connection->id,
                          "\"" + path + "\" is not a directory" + error_context(r));
                co_return co_await send_error(x, 500);
            }
        }
        if (err != ENOENT) {
            log.write(confparse::LogLevel::Crit, r.connection->id,
                      "stat() \"" + file + "\" failed (" + confparse::errno_text(err) + ")" + error_context(r));
            co_return co_await send_error(x, 500);
        }
    }
    log.write(confparse::LogLevel::Error, r.connection->id,
              "directory index of \"" + folder + "\" is forbidden" + error_context(r));
    co_await send_error(x, 403);
}

}  // namespace proxy
