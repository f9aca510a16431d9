#pragma once
// A request body read whole before going upstream, as nginx's proxy_request_buffering does, kept in an
// unlinked temporary file so memory stays bounded whatever its size. Needed when the upstream must be
// told a length the client did not give (a chunked body to an HTTP/1.0 upstream), and it lets a failed
// try be repeated with the same body.
#include <cstdint>
#include <string>

namespace proxy {

class SpooledBody {
public:
    // Creates the file in `folder`; check ok() (errno-style error in error()).
    explicit SpooledBody(const std::string& folder);
    ~SpooledBody();
    SpooledBody(const SpooledBody&) = delete;
    SpooledBody& operator=(const SpooledBody&) = delete;

    bool ok() const { return fd_ >= 0; }
    int error() const { return error_; }
    bool append(const char* data, std::size_t size);
    std::uint64_t size() const { return size_; }
    // Reads up to `size` bytes at `offset`; returns how many, 0 at the end, -1 on error.
    long read_at(std::uint64_t offset, char* data, std::size_t size) const;

private:
    int fd_ = -1;
    int error_ = 0;
    std::uint64_t size_ = 0;
};

}  // namespace proxy
