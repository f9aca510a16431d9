#include "proxy/ssi_parser.hpp"

namespace proxy::ssi {
namespace {

constexpr std::string_view kOpening = "<!--";

bool is_space(char c) { return c == ' ' || c == '\r' || c == '\n' || c == '\t'; }

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

}  // namespace

Parser::Event Parser::give_back_looked(State next) {
    text_ = kOpening.substr(0, looked_);
    looked_ = 0;
    state_ = next;
    return Event::Text;
}

void Parser::fail(std::string message, State next) {
    message_ = std::move(message);
    state_ = next;
}

bool Parser::append_value(char c) {
    Param& p = params_.back();
    if (p.value.size() == value_length_) {
        fail("too long " + quoted(p.value + c + "...") + " value of " + quoted(p.name) + " parameter in " +
             quoted(command_) + " SSI command");
        return false;
    }
    p.value += c;
    return true;
}

Parser::Event Parser::next(std::string_view& input) {
    while (!input.empty()) {
        if (state_ == State::Start) {
            std::size_t tag = input.find('<');
            if (tag != 0) {  // the text up to the next '<' (the whole input when there is none)
                text_ = input.substr(0, tag);
                input.remove_prefix(text_.size());
                return Event::Text;
            }
            input.remove_prefix(1);
            looked_ = 1;
            state_ = State::Tag;
            continue;
        }
        const char c = input.front();
        // Before '#': a '<' starts looking again, anything else gives back what was looked at.
        if (state_ == State::Tag || state_ == State::Comment0 || state_ == State::Comment1 || state_ == State::Sharp) {
            static constexpr char kWanted[] = {'!', '-', '-', '#'};
            if (c == kWanted[looked_ - 1]) {
                input.remove_prefix(1);
                ++looked_;
                state_ = static_cast<State>(static_cast<int>(state_) + 1);
                if (state_ == State::Precommand) looked_ = 0;  // the command's text is not output
                continue;
            }
            if (c != '<') return give_back_looked(State::Start);
            input.remove_prefix(1);
            Event given = give_back_looked(State::Tag);
            looked_ = 1;
            return given;
        }
        input.remove_prefix(1);
        switch (state_) {
            case State::Precommand:
                if (is_space(c)) break;
                command_.assign(1, c);
                params_.clear();
                message_.clear();
                state_ = State::Command;
                break;
            case State::Command:
                if (is_space(c)) {
                    state_ = State::Preparam;
                } else if (c == '-') {
                    state_ = State::CommentEnd0;
                } else if (command_.size() == kCommandLength) {
                    fail("the " + quoted(command_ + c + "...") + " SSI command is too long");
                } else {
                    command_ += c;
                }
                break;
            case State::Preparam:
                if (is_space(c)) break;
                if (c == '-') {
                    state_ = State::CommentEnd0;
                    break;
                }
                params_.push_back({std::string(1, c), {}});
                state_ = State::Param;
                break;
            case State::Param:
                if (is_space(c)) {
                    state_ = State::Preequal;
                } else if (c == '=') {
                    state_ = State::Prevalue;
                } else if (c == '-') {
                    fail("unexpected \"-\" symbol after " + quoted(params_.back().name) + " parameter in " +
                             quoted(command_) + " SSI command",
                         State::ErrorEnd0);
                } else if (params_.back().name.size() == kParamLength) {
                    fail("too long " + quoted(params_.back().name + c + "...") + " parameter in " + quoted(command_) +
                         " SSI command");
                } else {
                    params_.back().name += c;
                }
                break;
            case State::Preequal:
                if (is_space(c)) break;
                if (c == '=') {
                    state_ = State::Prevalue;
                    break;
                }
                fail("unexpected " + quoted(std::string(1, c)) + " symbol after " + quoted(params_.back().name) +
                         " parameter in " + quoted(command_) + " SSI command",
                     c == '-' ? State::ErrorEnd0 : State::Error);
                break;
            case State::Prevalue:
                if (is_space(c)) break;
                if (c == '"' || c == '\'') {
                    state_ = c == '"' ? State::DoubleQuoted : State::Quoted;
                    break;
                }
                fail("unexpected " + quoted(std::string(1, c)) + " symbol before value of " +
                         quoted(params_.back().name) + " parameter in " + quoted(command_) + " SSI command",
                     c == '-' ? State::ErrorEnd0 : State::Error);
                break;
            case State::DoubleQuoted:
            case State::Quoted:
                if (c == (state_ == State::DoubleQuoted ? '"' : '\'')) {
                    state_ = State::Postparam;
                    break;
                }
                // as nginx: the backslash stays in the value, for the variables' evaluation to read
                if (c == '\\') {
                    saved_state_ = state_;
                    state_ = State::QuotedSymbol;
                }
                append_value(c);
                break;
            case State::QuotedSymbol:
                state_ = saved_state_;
                append_value(c);
                break;
            case State::Postparam:
                if (is_space(c)) {
                    state_ = State::Preparam;
                } else if (c == '-') {
                    state_ = State::CommentEnd0;
                } else {
                    fail("unexpected " + quoted(std::string(1, c)) + " symbol after " + quoted(params_.back().value) +
                         " value of " + quoted(params_.back().name) + " parameter in " + quoted(command_) +
                         " SSI command");
                }
                break;
            case State::CommentEnd0:
            case State::CommentEnd1:
                if (state_ == State::CommentEnd0 && c == '-') {
                    state_ = State::CommentEnd1;
                } else if (state_ == State::CommentEnd1 && c == '>') {
                    state_ = State::Start;
                    return Event::Command;
                } else {
                    fail("unexpected " + quoted(std::string(1, c)) + " symbol in " + quoted(command_) + " SSI command");
                }
                break;
            case State::Error:
                if (c == '-') state_ = State::ErrorEnd0;
                break;
            case State::ErrorEnd0:
                state_ = c == '-' ? State::ErrorEnd1 : State::Error;
                break;
            case State::ErrorEnd1:
                if (c == '>') {
                    state_ = State::Start;
                    return Event::Error;
                }
                state_ = State::Error;
                break;
            default:
                break;
        }
    }
    return Event::More;
}

}  // namespace proxy::ssi
