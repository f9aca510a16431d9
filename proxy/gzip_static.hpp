#pragma once
// nginx's gzip_static module, which runs before the static module: a GET or HEAD for FILE is answered from
// FILE.gz, with "Content-Encoding: gzip", when that file exists and gzip_static allows it (`on`: the client
// takes gzip, as the gzip module decides; `always`: whatever the client). With `on`, a FILE.gz marks the
// answer as depending on Accept-Encoding, compressed or not (RequestContext::gzip_vary).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "confparse/files.hpp"
#include "proxy/error_context.hpp"
#include "proxy/exchange.hpp"
#include "proxy/gzip_decision.hpp"

namespace proxy {

// What gzip_static found for a file's path.
struct GzipStatic {
    enum class Kind { None, Serve, NotRegular } kind = Kind::None;
    int fd = -1;  // Serve: FILE.gz, open
    struct stat st {};
    std::string path;  // FILE.gz
};

template <class Stream>
GzipStatic find_gzip_static(Exchange<Stream>& x, const std::string& path) {
    GzipStatic found;
    const confparse::GzipStatic mode = *x.scope.gzip_static;
    if (mode == confparse::GzipStatic::Off || (x.r.method != "GET" && x.r.method != "HEAD")) return found;
    // as nginx's ngx_http_gzip_ok, never for a subrequest; the response's own fields are not known yet
    const bool ok = mode == confparse::GzipStatic::Always ||
                    (!x.r.subrequest && gzip_ok(x.r, x.scope, ProxiedFacts{}, x.runtime));
    if (!ok && !*x.scope.gzip_vary) return found;
    found.path = path + ".gz";
    int fd = ::open(found.path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0 || ::fstat(fd, &found.st) != 0) {
        int err = errno;
        if (fd >= 0) ::close(fd);
        if (err != ENOENT && err != ENOTDIR && err != ENAMETOOLONG) {
            bool expected = err == EACCES || err == EMLINK || err == ELOOP;
            x.runtime.error_log(x.scope).write(
                expected ? confparse::LogLevel::Error : confparse::LogLevel::Crit, x.r.connection->id,
                "open() \"" + found.path + "\" failed (" + confparse::errno_text(err) + ")" + error_context(x.r));
        }
        return found;
    }
    if (mode == confparse::GzipStatic::On) x.r.gzip_vary = true;
    if (!ok || S_ISDIR(found.st.st_mode)) {
        ::close(fd);
        return found;
    }
    if (!S_ISREG(found.st.st_mode)) {
        ::close(fd);
        x.runtime.error_log(x.scope).write(confparse::LogLevel::Alert, x.r.connection->id,
                                           "\"" + found.path + "\" is not a regular file" + error_context(x.r));
        found.kind = GzipStatic::Kind::NotRegular;
        return found;
    }
    found.kind = GzipStatic::Kind::Serve;
    found.fd = fd;
    return found;
}

}  // namespace proxy
