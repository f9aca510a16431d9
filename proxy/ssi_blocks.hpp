#pragma once
// The blocks an SSI page defines (block name="..." ... endblock), kept for the includes whose stub= names
// them. As nginx, one request's blocks are shared by its includes and the first block of a name is the
// one found; a block takes the text that comes until its endblock, and its commands written back as
// text, to run where the block is output.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "proxy/ssi_parser.hpp"

namespace proxy::ssi {

class Blocks {
public:
    // nginx keeps blocks without a limit; nproxy keeps this much of one request's blocks together.
    static constexpr std::size_t kLimit = 1 << 20;

    // A block named `name` starts: what add() is given goes into it.
    void begin(const std::string& name);
    // Adds to the block begun last; false when the limit has cut `text` short.
    bool add(std::string_view text);
    // The first block named `name`, or null.
    const std::string* find(std::string_view name) const;

private:
    std::vector<std::pair<std::string, std::string>> blocks_;
    std::string* open_ = nullptr;  // null after a block whose name an earlier one has, never found
    std::size_t size_ = 0;
};

// A command as nginx writes it into a block: <!--#name param="value" ... -->, values as they were read.
std::string command_text(std::string_view name, const std::vector<Param>& params);

}  // namespace proxy::ssi
