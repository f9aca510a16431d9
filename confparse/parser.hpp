#pragma once
#include <memory>
#include <string>
#include <vector>

#include "confparse/lexer.hpp"
#include "confparse/tree.hpp"

namespace confparse {

// What the parser asks of the schema while it reads, so that errors come in nginx's order: a directive
// is checked the moment it is read, before anything after it (nginx reports the first error in the text).
class DirectiveSink {
public:
    enum class Body { Directives, Raw };
    virtual ~DirectiveSink() = default;
    // A directive has been read (with `d.block` telling how it ended). For a block, says how its body is read:
    // as directives, or as raw statements handed to `raw` (nginx's "types { }", "map { }").
    virtual Body enter(const Directive& d) = 0;
    // The block opened by `d` has been closed by the '}' at `end` (where nginx's checks at block end point).
    virtual void leave(const Directive& d, const SourceRef& end) = 0;
    // A statement inside a raw block.
    virtual void raw(const Directive& d) = 0;
};

struct ParseOptions {
    std::string conf_prefix;  // where relative include paths start: the main config file's folder, with '/'
};

// A file read while parsing, with its text (what -T prints).
struct SourceFile {
    std::string path;
    std::string text;
};

struct ParseResult {
    std::vector<Directive> tree;
    std::vector<SourceFile> files;  // in the order first read, each once
};

// Reads a configuration file and every file it includes, calling `sink` per directive as it is read.
// Throws ConfigError with nginx's message, file and line.
ParseResult parse_file(const std::string& path, const ParseOptions& options, DirectiveSink& sink);

// Reads directive text given on the command line (-g); errors say "in command line".
ParseResult parse_text(const std::string& text, const ParseOptions& options, DirectiveSink& sink);

}  // namespace confparse
