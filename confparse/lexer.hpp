#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "confparse/error.hpp"

namespace confparse {

// One statement as nginx's tokenizer returns it: the words read up to a terminator.
struct Statement {
    enum class End { Semicolon, BlockStart, BlockEnd, FileEnd };
    std::vector<std::string> words;
    End end = End::FileEnd;
    int line = 0;  // the line the terminator was read on, which nginx names in errors
};

// nginx's configuration tokenizer, rule for rule: words split by white space and ';' '{', single and
// double quotes, '\' escapes, '#' comments where a word could start, and "${" kept inside a word so the
// variable engine sees it. `file` is empty for -g text, whose errors say "in command line".
class Lexer {
public:
    Lexer(std::string file, std::string_view text) : file_(std::move(file)), text_(text) {}

    // Reads the next statement; throws ConfigError with nginx's message on a syntax error.
    Statement next();

    const std::string& file() const { return file_; }
    int line() const { return line_; }

private:
    [[noreturn]] void fail(const std::string& message) const;
    static std::string unescape(std::string_view raw);

    std::string file_;
    std::string_view text_;
    size_t pos_ = 0;
    int line_ = 1;
};

}  // namespace confparse
