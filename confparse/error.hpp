#pragma once
#include <stdexcept>
#include <string>

namespace confparse {

// Where a directive was read: the file and the line nginx would name (the line of its ';' or '{').
// An empty file means the command line (-g), which nginx reports as "in command line".
struct SourceRef {
    std::string file;
    int line = 0;
};

// A configuration error, carrying the text nginx prints after "[emerg]" and where it was found.
// `where` is absent for errors nginx reports without a location (e.g. "open() ... failed").
class ConfigError : public std::runtime_error {
public:
    ConfigError(std::string message, SourceRef where)
        : std::runtime_error(message), message_(std::move(message)), where_(std::move(where)), located_(true) {}
    explicit ConfigError(std::string message) : std::runtime_error(message), message_(std::move(message)) {}

    const std::string& message() const { return message_; }
    const SourceRef& where() const { return where_; }
    bool located() const { return located_; }

    // Beyond nginx: a suggestion printed on a line of its own after the error ("did you mean ...?").
    const std::string& hint() const { return hint_; }
    void set_hint(std::string hint) { hint_ = std::move(hint); }

    // The level nginx prints the error at: "emerg" for nearly all, "crit" for a failed read of a file.
    const std::string& level() const { return level_; }
    void set_level(std::string level) { level_ = std::move(level); }

    // True for the checks nginx makes after printing "syntax is ok" (ngx_init_cycle's init_conf step,
    // e.g. no "events" section): `nproxy -t` prints that line before this error, as nginx does.
    bool after_syntax_ok() const { return after_syntax_ok_; }
    void set_after_syntax_ok() { after_syntax_ok_ = true; }

    // The full text as nginx prints it after the level: "MESSAGE in FILE:LINE" or "MESSAGE in command line".
    std::string text() const;

private:
    std::string message_;
    SourceRef where_;
    bool located_ = false;
    std::string hint_;
    std::string level_ = "emerg";
    bool after_syntax_ok_ = false;
};

}  // namespace confparse
