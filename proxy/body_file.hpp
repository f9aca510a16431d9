#pragma once
// A request body written to a temporary file, as nginx's client_body_temp_path keeps one: named
// PATH/[levels/]NNNNNNNNNN, removed at once unless client_body_in_file_only asks to keep it (then
// "clean" removes it when the request is done).
#include <cstdint>
#include <string>
#include <vector>

namespace proxy {

// nginx's hashed name for temporary file `number` under `path`: each level is a folder named by the
// name's last digits ("1 2" gives PATH/5/34/0000012345).
std::string temp_file_name(const std::string& path, const std::vector<int>& levels, std::uint32_t number);

class BodyFile {
public:
    enum class Keep { No, Yes, UntilDone };

    // Creates the file (and the folders of its path, as nginx creates missing levels); check ok(),
    // errno-style error in error().
    BodyFile(const std::string& path, const std::vector<int>& levels, Keep keep);
    ~BodyFile();
    BodyFile(const BodyFile&) = delete;
    BodyFile& operator=(const BodyFile&) = delete;

    bool ok() const { return fd_ >= 0; }
    int error() const { return error_; }
    const std::string& name() const { return name_; }
    bool append(const char* data, std::size_t size);
    std::uint64_t size() const { return size_; }
    // Reads up to `size` bytes at `offset`; returns how many, 0 at the end, -1 on error.
    long read_at(std::uint64_t offset, char* data, std::size_t size) const;

private:
    std::string name_;
    int fd_ = -1;
    int error_ = 0;
    std::uint64_t size_ = 0;
    bool remove_when_done_ = false;
};

}  // namespace proxy
