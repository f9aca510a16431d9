#pragma once
// Static files from root/alias with index, as nginx's static and index modules: streamed in fixed
// chunks, Content-Type from types, Last-Modified and ETag, 404/403/301 as nginx answers them; byte ranges
// as nginx's range filter (range_filter.hpp), each read from where it starts in the file.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "confparse/files.hpp"
#include "proxy/content_type.hpp"
#include "proxy/error_context.hpp"
#include "proxy/exchange.hpp"
#include "proxy/file_path.hpp"
#include "proxy/gzip_static.hpp"
#include "proxy/handle_index.hpp"
#include "proxy/range_filter.hpp"
#include "proxy/uri.hpp"

namespace proxy {

// Sends the bytes of `range` of the open file `fd`, read from where the range starts (recoded by the
// charset filter's table when there is one), through the request's kept buffer: as large as the range,
// up to 64 KiB.
template <class Stream>
net::awaitable<void> send_file_range(Exchange<Stream>& x, int fd, ByteRange range,
                                     const confparse::CharsetTable* recoding) {
    std::string& chunk = x.r.relay_buffer;
    chunk.resize(static_cast<std::size_t>(std::clamp<std::int64_t>(range.end - range.start, 1, 65536)));
    for (std::int64_t at = range.start; at < range.end && !x.failed;) {
        auto want =
            static_cast<std::size_t>(std::min<std::int64_t>(range.end - at, static_cast<std::int64_t>(chunk.size())));
        ssize_t n = ::pread(fd, chunk.data(), want, at);
        if (n <= 0) {
            x.keep_alive = false;  // the file shrank under the answer: it ends short of its length
            break;
        }
        if (recoding) recode(*recoding, chunk.data(), static_cast<std::size_t>(n));
        co_await write_all(x, net::buffer(chunk.data(), static_cast<std::size_t>(n)));
        at += n;
        x.r.body_bytes_sent += static_cast<std::uint64_t>(n);
        x.r.bytes_sent += static_cast<std::uint64_t>(n);
    }
}

// A piece of a multipart body that is not the file's.
template <class Stream>
net::awaitable<void> send_static_text(Exchange<Stream>& x, const std::string& text) {
    co_await write_all(x, net::buffer(text));
    x.r.body_bytes_sent += text.size();
    x.r.bytes_sent += text.size();
}

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

    GzipStatic gz = find_gzip_static(x, path);
    if (gz.kind == GzipStatic::Kind::NotRegular) co_return co_await send_error(x, 404);
    const bool compressed = gz.kind == GzipStatic::Kind::Serve;
    int fd = compressed ? gz.fd : ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st = gz.st;
    if (fd < 0 || (!compressed && ::fstat(fd, &st) != 0)) {
        int err = errno;
        if (fd >= 0) ::close(fd);
        int code = (err == EACCES) ? 403 : 404;
        if (code == 403 || *x.scope.log_not_found) {
            x.runtime.error_log(x.scope).write(
                confparse::LogLevel::Error, x.r.connection->id,
                "open() \"" + path + "\" failed (" + confparse::errno_text(err) + ")" + error_context(x.r));
        }
        co_await send_error(x, code);
        co_return;
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        std::string location = escape_uri(uri) + "/" + (x.r.has_args ? "?" + x.r.args : "");
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
    if (compressed) head.headers.push_back({"Content-Encoding", "gzip"});
    Precondition precondition = check_not_modified(x, head, st.st_mtime, etag);
    if (precondition == Precondition::Failed) {
        ::close(fd);
        co_return co_await send_precondition_failed(x);
    }
    x.r.status = head.status;
    if (!charset_header(x, head)) {
        ::close(fd);
        co_return;
    }
    // nginx 1.22's gzip_static allows no ranges: a .gz goes whole, without Accept-Ranges
    RangePlan plan = compressed ? RangePlan{} : plan_ranges(x, head, false);
    if (plan.kind == RangePlan::Kind::NotSatisfiable) {
        ::close(fd);
        co_return co_await send_error(x, 416);
    }
    const std::string& header = write_sent_head(x.r, head, x.scope, x.runtime, x.announce_keep_alive());
    x.r.sent_keep_alive = x.keep_alive;
    x.r.bytes_sent = header.size();
    co_await write_all(x, net::buffer(header));
    if (x.r.method == "HEAD" || precondition == Precondition::NotModified) {
        ::close(fd);
        co_return;
    }
    if (plan.kind == RangePlan::Kind::Multi) {
        const Multipart& parts = *plan.multipart;
        for (std::size_t i = 0; i < parts.ranges().size() && !x.failed; ++i) {
            co_await send_static_text(x, parts.part_header(i));
            co_await send_file_range(x, fd, parts.ranges()[i], head.recode);
        }
        co_await send_static_text(x, parts.trailer());
    } else {
        ByteRange whole{0, static_cast<std::int64_t>(st.st_size)};
        co_await send_file_range(x, fd, plan.kind == RangePlan::Kind::Single ? plan.range : whole, head.recode);
    }
    ::close(fd);
}

}  // namespace proxy
