#pragma once
// Where an SSI page's text and commands go as its if/elif/else/endif and block/endblock commands pass, as
// nginx's SSI filter decides it (ngx_http_ssi_body_filter, ngx_http_ssi_if, ngx_http_ssi_block): out to
// the answer, into the block being defined, or nowhere. One if at a time: nginx has no nested if.
#include <optional>

#include "proxy/ssi_command.hpp"

namespace proxy::ssi {

class Flow {
public:
    enum class Verdict {
        Run,           // the command runs (an unknown one then fails its check)
        Skip,          // in a branch not taken: dropped
        Store,         // in a block: kept, as text, with the block's
        OutOfContext,  // elif, else or endif where it does not belong: nginx's "invalid context" error
    };

    // What becomes of a command of `kind` (nothing: one nginx does not know) here.
    Verdict verdict(std::optional<Command::Kind> kind) const;

    bool output() const { return output_; }   // text goes out
    bool in_block() const { return block_; }  // text goes into the block being defined
    bool in_if() const { return branch_ != Branch::None; }
    bool chosen() const { return chosen_; }  // a branch of this if has been taken

    // if/elif: the branch that follows is taken when `holds`; one that follows a taken branch is not.
    void choose(bool holds);
    void pass_over() { output_ = false; }  // an elif after a taken branch: not evaluated
    void enter_else();
    void end_if();
    void begin_block();
    void end_block();

private:
    enum class Branch { None, If, Else };  // in this order: an else comes after an if
    static Branch needed_branch(Command::Kind kind);

    bool output_ = true;
    bool chosen_ = false;
    Branch branch_ = Branch::None;
    bool block_ = false;
};

}  // namespace proxy::ssi
