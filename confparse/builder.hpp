#pragma once
#include "confparse/build_state.hpp"
#include "confparse/parser.hpp"

namespace confparse {

class Builder : public DirectiveSink {
public:
    explicit Builder(BuildState& state) : state_(state) {}
    Body enter(const Directive& d) override;
    void leave(const Directive& d, const SourceRef& end) override;
    void raw(const Directive& d) override;

private:
    BuildState& state_;
};

}  // namespace confparse
