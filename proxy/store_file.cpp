#include "proxy/store_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "confparse/files.hpp"

namespace proxy {
namespace {

std::string failed(const char* call, const std::string& path, int err) {
    return std::string(call) + " \"" + path + "\" failed (" + confparse::errno_text(err) + ")";
}

// nginx's ngx_dir_access: x for whoever may read.
mode_t dir_access(unsigned access) { return static_cast<mode_t>(access | (access & 0444) >> 2); }

}  // namespace

StoreFile::~StoreFile() {
    if (fd_ < 0) return;
    ::close(fd_);
    ::unlink(temp_.c_str());
}

bool StoreFile::open(const std::string& path, unsigned access, std::string& error) {
    path_ = path;
    confparse::create_full_path(path, 1, dir_access(access));
    std::size_t folder = path.rfind('/') + 1;
    temp_ = path.substr(0, folder) + ".nproxy-store-XXXXXX";
    fd_ = ::mkostemp(temp_.data(), O_CLOEXEC);
    if (fd_ < 0) {
        error = failed("open()", temp_, errno);
        return false;
    }
    ::fchmod(fd_, static_cast<mode_t>(access));
    return true;
}

bool StoreFile::write(const char* data, std::size_t size, std::string& error) {
    while (size > 0) {
        ssize_t n = ::write(fd_, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            error = failed("write()", temp_, errno);
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool StoreFile::commit(std::optional<std::int64_t> mtime, std::string& error) {
    if (mtime) {
        timespec times[2] = {{*mtime, 0}, {*mtime, 0}};
        ::futimens(fd_, times);
    }
    ::close(fd_);
    fd_ = -1;
    if (::rename(temp_.c_str(), path_.c_str()) != 0) {
        error = "rename() \"" + temp_ + "\" to \"" + path_ + "\" failed (" + confparse::errno_text(errno) + ")";
        ::unlink(temp_.c_str());
        return false;
    }
    return true;
}

}  // namespace proxy
