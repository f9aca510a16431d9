#include "proxy/spooled_body.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace proxy {

SpooledBody::SpooledBody(const std::string& folder) {
    fd_ = ::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd_ < 0) error_ = errno;
}

SpooledBody::~SpooledBody() {
    if (fd_ >= 0) ::close(fd_);
}

bool SpooledBody::append(const char* data, std::size_t size) {
    while (size > 0) {
        ssize_t n = ::pwrite(fd_, data, size, static_cast<off_t>(size_));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            error_ = errno;
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
        size_ += static_cast<std::uint64_t>(n);
    }
    return true;
}

long SpooledBody::read_at(std::uint64_t offset, char* data, std::size_t size) const {
    ssize_t n;
    do {
        n = ::pread(fd_, data, size, static_cast<off_t>(offset));
    } while (n < 0 && errno == EINTR);
    return n;
}

}  // namespace proxy
