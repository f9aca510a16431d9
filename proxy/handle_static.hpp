#pragma once
// Static files from root/alias with index, as nginx's static and index modules: streamed in fixed
// chunks, Content-Type from types, Last-Modified and ETag, 404/403/301 as nginx answers them.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <vector>

#include "confparse/files.hpp"
#include "proxy/content_type.hpp"
#include "proxy/error_context.hpp"
#include "proxy/exchange.hpp"
#include "proxy/file_path.hpp"
#include "proxy/handle_index.hpp"
#include "proxy/uri.hpp"

namespace proxy {

template <class Stream>
net::awaitable<void> handle_static(Exchange<Stream>& x) {
    // as nginx: a POST is looked for as a GET would be (an index, a folder's redirect) and refused only
    // once it names a file
    if (x.r.method != "GET" && x.r.method != "HEAD" && x.r.method != "POST") {
        co_await send_error(x, 405);
        co_return;
    }
    const std::string& uri = x.r.uri;
    std::string path = file_path(x.scope, x.r, level_root(x.scope, x.r, x.runtime.prefix()));

    if (!uri.empty() && uri.back() == '/') co_return co_await serve_index(x, path);

    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || ::fstat(fd, &st) != 0) {
        int err = errno;
        if (fd >= 0) ::close(fd);
        int code = (err == EACCES) ? 403 : 404;
        if (code == 403 || *x.scope.log_not_found) {
            x.runtime.error_log(x.scope).write(confparse::LogLevel::Error, x.r.connection->id,
                "open() \"" + path + "\" failed (" + confparse::errno_text(err) + ")" + error_context(x.r));
        }
        co_await send_error(x, code);
        co_return;
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        std::string location = absolute_location(x, escape_uri(uri) + "/" + (x.r.has_args ? "?" + x.r.args : ""));
        co_await send_error(x, 301, location);
        co_return;
    }
    if (x.r.method == "POST") {
        ::close(fd);
        co_return co_await send_error(x, 405);
    }

    co_await discard_body(x);
    ResponseHead head;
    head.status = answer_status(x.r, 200);
    head.content_type = x.r.kept_content_type.empty() ? content_type_for(x.scope, path) : x.r.kept_content_type;
    head.upstream_type = !x.r.kept_content_type.empty();
    head.content_length = static_cast<std::uint64_t>(st.st_size);
    head.last_modified = http_date(st.st_mtime);
    char etag[64];
    std::snprintf(etag, sizeof etag, "\"%llx-%llx\"", static_cast<unsigned long long>(st.st_mtime),
                  static_cast<unsigned long long>(st.st_size));
    head.headers.push_back({"ETag", etag});
    head.headers.push_back({"Accept-Ranges", "bytes"});
    Precondition precondition = check_not_modified(x, head, st.st_mtime, etag);
    if (precondition == Precondition::Failed) {
        ::close(fd);
        co_return co_await send_error(x, 412);
    }
    x.r.status = head.status;
    if (!charset_header(x, head)) {
        ::close(fd);
        co_return;
    }
    const std::string& header = write_sent_head(x.r, head, x.scope, x.runtime, x.announce_keep_alive());
    x.r.sent_keep_alive = x.keep_alive;
    x.r.bytes_sent = header.size();
    co_await write_all(x, net::buffer(header));
    if (x.r.method == "HEAD" || precondition == Precondition::NotModified) {
        ::close(fd);
        co_return;
    }
    std::vector<char> chunk(65536);
    while (!x.failed) {
        ssize_t n = ::read(fd, chunk.data(), chunk.size());
        if (n <= 0) break;
        if (head.recode) recode(*head.recode, chunk.data(), static_cast<size_t>(n));
        co_await write_all(x, net::buffer(chunk.data(), static_cast<size_t>(n)));
        x.r.body_bytes_sent += static_cast<std::uint64_t>(n);
        x.r.bytes_sent += static_cast<std::uint64_t>(n);
    }
    ::close(fd);
}

}  // namespace proxy
