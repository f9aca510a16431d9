#include "proxy/ssi_flow.hpp"

namespace proxy::ssi {

using Kind = Command::Kind;

// The branch a conditional command needs to be in, at the latest (nginx's "conditional" of a command):
// elif and else follow an if or an elif, endif any of them; none for the others, if included.
Flow::Branch Flow::needed_branch(Kind kind) {
    if (kind == Kind::Elif || kind == Kind::Else) return Branch::If;
    if (kind == Kind::Endif) return Branch::Else;
    return Branch::None;
}

Flow::Verdict Flow::verdict(std::optional<Command::Kind> kind) const {
    if (!kind) return output_ ? Verdict::Run : Verdict::Skip;
    Branch needed = needed_branch(*kind);
    // as nginx: endblock runs wherever it stands, even in a branch not taken, which it then outputs
    if (!output_ && *kind != Kind::Endblock) {
        if (block_) return Verdict::Store;
        if (needed == Branch::None) return Verdict::Skip;
    }
    if (needed != Branch::None && (branch_ == Branch::None || branch_ > needed)) return Verdict::OutOfContext;
    return Verdict::Run;
}

void Flow::choose(bool holds) {
    output_ = holds;
    if (holds) chosen_ = true;
    branch_ = Branch::If;
}

void Flow::enter_else() {
    output_ = !chosen_;
    branch_ = Branch::Else;
}

void Flow::end_if() {
    output_ = true;
    chosen_ = false;
    branch_ = Branch::None;
}

void Flow::begin_block() {
    output_ = false;
    block_ = true;
}

void Flow::end_block() {
    output_ = true;
    block_ = false;
}

}  // namespace proxy::ssi
