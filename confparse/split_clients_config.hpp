#pragma once
// A "split_clients" block of nginx's split_clients module, as read: the parts of the 32-bit MurmurHash2
// range of the source's value, in order, and the value each gives $variable.
#include <cstdint>
#include <string>
#include <vector>

#include "confparse/error.hpp"

namespace confparse {

struct SplitClientsPart {
    // as nginx: the hash values below this bound (the parts' cumulated percents of 0xffffffff) take the
    // part, unless an earlier part took them; 0 for "*", the rest
    std::uint32_t bound = 0;
    std::string value;  // taken as written: no variables
};

struct SplitClientsBlock {
    std::string source;    // a text with variables, e.g. "${remote_addr}AAA"
    std::string variable;  // the name it defines, without '$'
    std::vector<SplitClientsPart> parts;
    SourceRef where;
};

}  // namespace confparse
