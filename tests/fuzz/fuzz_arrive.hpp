#pragma once
// Input that arrives in pieces, as reads of different sizes would bring it: the fuzz targets that feed a
// parser through a buffer take the next piece with arrive().
#include <boost/beast/core/flat_buffer.hpp>

#include <algorithm>
#include <cstring>
#include <string_view>

// Moves the next piece of input into the buffer; false when the input is used up.
inline bool arrive(std::string_view& input, std::size_t piece, boost::beast::flat_buffer& buffer) {
    if (input.empty()) return false;
    std::size_t n = std::min(piece, input.size());
    auto space = buffer.prepare(n);
    std::memcpy(space.data(), input.data(), n);
    buffer.commit(n);
    input.remove_prefix(n);
    return true;
}
