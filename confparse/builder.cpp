// The DirectiveSink that applies the schema as the parser reads: nginx's ngx_conf_handler checks (known
// name, context, block or not, argument count), then the row's setter.
#include "confparse/builder.hpp"

#include "confparse/schema.hpp"

namespace confparse {
namespace {

bool arity_ok(unsigned shape, size_t n) {
    if (shape & kFlag) return n == 1;
    if (shape & k1More) return n >= 1;
    if (shape & k2More) return n >= 2;
    if (n > 7) return false;
    return shape & (1u << n);
}

}  // namespace

DirectiveSink::Body Builder::enter(const Directive& d) {
    Context here = state_.top().context;
    const Row* row = nullptr;
    bool known = false;
    for (const Row& r : schema()) {
        if (r.name != d.name) continue;
        known = true;
        if (r.contexts & here) {
            row = &r;
            break;
        }
    }
    if (!row) {
        if (known) throw ConfigError("\"" + d.name + "\" directive is not allowed here", d.where);
        if (is_nginx_directive(d.name)) {
            throw ConfigError("\"" + d.name + "\" directive is not supported by nproxy", d.where);
        }
        ConfigError e("unknown directive \"" + d.name + "\"", d.where);
        std::string_view hint = closest_directive(d.name);
        if (!hint.empty()) e.set_hint("did you mean \"" + std::string(hint) + "\"?");
        throw e;
    }
    bool is_block = row->shape & (kBlock | kRawBlock);
    if (!is_block && d.block) {
        throw ConfigError("directive \"" + d.name + "\" is not terminated by \";\"", d.where);
    }
    if (is_block && !d.block) throw ConfigError("directive \"" + d.name + "\" has no opening \"{\"", d.where);
    if (!arity_ok(row->shape, d.args.size())) {
        throw ConfigError("invalid number of arguments in \"" + d.name + "\" directive", d.where);
    }

    size_t depth = state_.frames.size();
    row->set(state_, d);
    if (!is_block) return Body::Directives;
    if (state_.frames.size() == depth) state_.frames.push_back(state_.top());  // a block at the same level
    state_.top().row = row;
    return row->shape & kRawBlock ? Body::Raw : Body::Directives;
}

void Builder::leave(const Directive& d, const SourceRef& end) {
    state_.block_end = end;
    const Row* row = state_.top().row;
    if (row && row->leave) row->leave(state_, d);
    state_.frames.pop_back();
}

void Builder::raw(const Directive& d) { state_.top().row->raw(state_, d); }

}  // namespace confparse
