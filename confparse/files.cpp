#include "confparse/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace confparse {

int read_file(const std::string& path, std::string& out, bool* read_failed) {
    if (read_failed) *read_failed = false;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    out.clear();
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int err = errno;
            ::close(fd);
            if (read_failed) *read_failed = true;
            return err;
        }
        if (n == 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return 0;
}

std::string errno_text(int err) { return std::to_string(err) + ": " + std::strerror(err); }

void create_full_path(const std::string& path, std::size_t from, unsigned mode) {
    for (std::size_t slash = path.find('/', from); slash != std::string::npos; slash = path.find('/', slash + 1)) {
        ::mkdir(path.substr(0, slash).c_str(), static_cast<mode_t>(mode));
    }
}

std::string full_name(const std::string& prefix, const std::string& path) {
    if (!path.empty() && path[0] == '/') return path;
    return prefix + path;
}

}  // namespace confparse
