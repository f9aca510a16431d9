#pragma once
// What was kept of a request body once read, for sending it (again) and for $request_body and
// $request_body_file: in memory when it fits nginx's bounds, else in a temporary file.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "proxy/body_file.hpp"

namespace proxy {

struct RequestBody {
    std::string memory;              // the body, when kept in memory
    std::unique_ptr<BodyFile> file;  // else the file it went to
    bool whole = false;              // memory or file holds all of it: it can be sent again
};

// The most a body may have, to be kept in memory, as nginx decides: a body of known length when what is
// left to read after the header's read (`preread` of it came along) is less than client_body_buffer_size
// and a quarter, the size nginx then gives its buffer; a chunked one while it fits client_body_buffer_size.
std::uint64_t memory_bound(bool chunked, std::uint64_t preread, std::uint64_t buffer_size);

// $request_body: the body when all of it is in memory; $request_body_file: the file's name.
std::optional<std::string> request_body_value(const RequestBody* body);
std::optional<std::string> request_body_file_value(const RequestBody* body);

}  // namespace proxy
