#include "proxy/request_body.hpp"

namespace proxy {

std::uint64_t memory_bound(bool chunked, std::uint64_t preread, std::uint64_t buffer_size) {
    if (chunked) return buffer_size;
    std::uint64_t buffer = buffer_size + buffer_size / 4;
    return preread + (buffer ? buffer - 1 : 0);
}

std::optional<std::string> request_body_value(const RequestBody* body) {
    if (!body || !body->whole || body->file || body->memory.empty()) return std::nullopt;
    return body->memory;
}

std::optional<std::string> request_body_file_value(const RequestBody* body) {
    if (!body || !body->file) return std::nullopt;
    return body->file->name();
}

}  // namespace proxy
