#include "proxy/body_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>

#include "confparse/files.hpp"

namespace proxy {
namespace {

// The next number to try: shared by every worker thread, started from the pid and the clock as nginx
// starts its own, so that processes sharing a folder seldom collide (O_EXCL settles it when they do).
std::uint32_t next_temp_number() {
    static std::atomic<std::uint32_t> shared_temp_number{static_cast<std::uint32_t>(
        (std::chrono::steady_clock::now().time_since_epoch().count() << 16) + ::getpid())};
    return shared_temp_number.fetch_add(1);
}

}  // namespace

std::string temp_file_name(const std::string& path, const std::vector<int>& levels, std::uint32_t number) {
    char digits[16];
    std::snprintf(digits, sizeof digits, "%010u", number);
    std::string name = path;
    std::size_t end = 10;
    for (int level : levels) {
        end -= static_cast<std::size_t>(level);
        name.append(1, '/').append(digits + end, static_cast<std::size_t>(level));
    }
    return name.append(1, '/').append(digits);
}

BodyFile::BodyFile(const std::string& path, const std::vector<int>& levels, Keep keep) {
    for (int tries = 0; tries < 16 && fd_ < 0; ++tries) {
        name_ = temp_file_name(path, levels, next_temp_number());
        fd_ = ::open(name_.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
        if (fd_ >= 0) break;
        error_ = errno;
        if (error_ == ENOENT) {
            confparse::create_full_path(name_, path.size(), 0700);  // the folder and its levels below it
            fd_ = ::open(name_.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
            error_ = fd_ < 0 ? errno : 0;
        }
        if (error_ != EEXIST) break;
    }
    if (fd_ < 0) return;
    error_ = 0;
    if (keep == Keep::No) ::unlink(name_.c_str());  // as nginx: the name stays known, the file goes with its fd
    remove_when_done_ = keep == Keep::UntilDone;
}

BodyFile::~BodyFile() {
    if (fd_ < 0) return;
    ::close(fd_);
    if (remove_when_done_) ::unlink(name_.c_str());
}

bool BodyFile::append(const char* data, std::size_t size) {
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

long BodyFile::read_at(std::uint64_t offset, char* data, std::size_t size) const {
    ssize_t n;
    do {
        n = ::pread(fd_, data, size, static_cast<off_t>(offset));
    } while (n < 0 && errno == EINTR);
    return n;
}

}  // namespace proxy
