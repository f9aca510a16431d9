#include "proxy/header_limits.hpp"

#include <algorithm>

namespace proxy {

HeaderSizeCheck::HeaderSizeCheck(std::size_t first_buffer, const confparse::LargeBuffers& large)
    : size_(static_cast<std::size_t>(large.size)),
      count_(large.count),
      capacity_(first_buffer),
      bound_(first_buffer + static_cast<std::size_t>(large.count) * size_) {}

bool HeaderSizeCheck::fits(std::string_view unread) {
    while (status_ == 0 && !ended_ && counted_ < unread.size()) {
        std::size_t end = unread.find('\n', counted_);
        bool complete = end != std::string_view::npos;
        std::string_view line = unread.substr(counted_, complete ? end + 1 - counted_ : std::string_view::npos);
        if (!place(line, complete)) break;
        if (!complete) break;  // checked again when more of it arrives
        counted_ += line.size();
        ended_ = !request_line_ && (line == "\n" || line == "\r\n");
        if (!folded_ && !request_line_ && (line[0] == ' ' || line[0] == '\t')) folded_ = line[0];
        request_line_ = false;
    }
    return status_ == 0;
}

// Places one line, or the start of one, in the current buffer or a new large one.
bool HeaderSizeCheck::place(std::string_view line, bool complete) {
    std::size_t length = line.size();
    if (used_ + length > capacity_ || (!complete && used_ + length == capacity_)) {
        // as nginx: a line that outgrows a large buffer, or needs one more than there are, is refused
        bool too_long = complete ? length > size_ : length >= size_;
        if (too_long || large_in_use_ == count_) {
            status_ = request_line_ ? 414 : 494;
            line_ = std::string(line.substr(0, 2048));
            return false;
        }
        ++large_in_use_;
        capacity_ = size_;
        used_ = 0;
    }
    if (complete) used_ += length;
    return true;
}

}  // namespace proxy
