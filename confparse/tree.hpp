#pragma once
#include <string>
#include <vector>

#include "confparse/error.hpp"

namespace confparse {

// One directive as read from the text: its name, its arguments (unquoted and unescaped), where it was
// read, and, for a block directive, the directives inside it (includes already spliced in).
struct Directive {
    std::string name;
    std::vector<std::string> args;
    SourceRef where;
    bool block = false;
    std::vector<Directive> children;
};

}  // namespace confparse
