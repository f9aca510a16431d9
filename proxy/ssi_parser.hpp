#pragma once
// The SSI command parser, as nginx's ngx_http_ssi_parse: a state machine over a body as it arrives, piece
// by piece, that never holds more than the command being read. The text around commands is handed back as
// views of the input; the bytes of a "<!--" that turned out to start no command, held across pieces, are
// handed back from a constant.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace proxy::ssi {

struct Param {
    std::string name;
    std::string value;
};

class Parser {
public:
    // nginx's limits: a command name and a parameter name of 32 bytes, values of ssi_value_length.
    static constexpr std::size_t kCommandLength = 32;
    static constexpr std::size_t kParamLength = 32;

    explicit Parser(std::size_t value_length) : value_length_(value_length) {}

    enum class Event {
        More,     // the input is used up
        Text,     // text() is output as it is
        Command,  // command() and params() hold a whole command
        Error,    // a malformed command ended; message() says what was wrong
    };

    // Reads from the front of `input` up to the next event, and drops what it read from `input`.
    Event next(std::string_view& input);

    std::string_view text() const { return text_; }
    const std::string& command() const { return command_; }
    const std::vector<Param>& params() const { return params_; }
    const std::string& message() const { return message_; }

private:
    enum class State {
        Start, Tag, Comment0, Comment1, Sharp, Precommand, Command, Preparam, Param, Preequal, Prevalue,
        DoubleQuoted, Quoted, QuotedSymbol, Postparam, CommentEnd0, CommentEnd1, Error, ErrorEnd0, ErrorEnd1,
    };
    // The looked-at part of "<!--" goes out as text; the parser goes on in `next`.
    Event give_back_looked(State next);
    void fail(std::string message, State next = State::Error);
    bool append_value(char c);

    std::size_t value_length_;
    State state_ = State::Start;
    State saved_state_ = State::Start;  // the quote a backslash was met in
    std::size_t looked_ = 0;            // how much of "<!--" has been seen
    std::string_view text_;
    std::string command_;
    std::vector<Param> params_;
    std::string message_;
};

}  // namespace proxy::ssi
