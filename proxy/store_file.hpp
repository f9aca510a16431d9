#pragma once
// proxy_store's file: the upstream's answer written as it comes to a temporary file beside the file it is
// for (missing folders made, as nginx's ngx_create_full_path), which takes that file's place once the
// answer is whole, with proxy_store_access's mode and the answer's Last-Modified as its time. A file not
// committed is removed.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace proxy {

class StoreFile {
public:
    StoreFile() = default;
    StoreFile(const StoreFile&) = delete;
    StoreFile& operator=(const StoreFile&) = delete;
    ~StoreFile();

    // Starts the file for `path` with mode `access` (its folders get x where it has r); else false, with
    // nginx's message in `error`.
    bool open(const std::string& path, unsigned access, std::string& error);
    bool write(const char* data, std::size_t size, std::string& error);
    // The answer is whole: the file goes to its place, with `mtime` (Unix seconds) if known.
    bool commit(std::optional<std::int64_t> mtime, std::string& error);

private:
    int fd_ = -1;
    std::string path_, temp_;
};

}  // namespace proxy
