// nginx's rewrite module: set, if, rewrite, return, break, rewrite_log, uninitialized_variable_warn.
// Each directive becomes a step of its level's rewrite phase, in the order written.
#include "confparse/setters.hpp"
#include "confparse/variables.hpp"

namespace confparse {
namespace {

constexpr unsigned kRewriteLevels = kServer | kServerIf | kLocation | kLocationIf;

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// nginx's test for a redirect target: a URL, or one that starts with the scheme.
bool is_redirect_target(const std::string& v) {
    return starts_with(v, "http://") || starts_with(v, "https://") || starts_with(v, "$scheme");
}

RewriteStep& add_step(BuildState& b, const Directive& d, RewriteStep::Kind kind) {
    RewriteStep& step = b.top().steps->emplace_back();
    step.kind = kind;
    step.where = d.where;
    return step;
}

void set_return(BuildState& b, const Directive& d) {
    ReturnAction r;
    r.where = d.where;
    auto code = parse_number(d.args[0]);
    if (!code) {
        if (d.args.size() != 1 || !is_redirect_target(d.args[0])) fail(d, "invalid return code \"" + d.args[0] + "\"");
        r.code = 302;
        r.text = d.args[0];
        r.has_text = true;
    } else {
        if (*code > 999) fail(d, "invalid return code \"" + d.args[0] + "\"");
        r.code = static_cast<int>(*code);
        if (d.args.size() == 2) {
            r.text = d.args[1];
            r.has_text = true;
        }
    }
    if (r.has_text) b.note_variables(r.text, d);
    add_step(b, d, RewriteStep::Kind::Return).ret = std::move(r);
}

void set_rewrite(BuildState& b, const Directive& d) {
    if (d.args[1].empty()) fail(d, "empty replacement");
    RewriteStep& step = add_step(b, d, RewriteStep::Kind::Rewrite);
    step.pattern = d.args[0];
    b.note_named_captures(step.pattern, d);
    step.value = d.args[1];
    if (step.value.back() == '?') {  // as nginx: a final '?' drops the request's arguments
        step.value.pop_back();
        step.add_args = false;
    }
    if (is_redirect_target(d.args[1])) {
        step.redirect = 302;
        step.last = true;
    }
    if (d.args.size() == 3) {
        const std::string& flag = d.args[2];
        step.last = true;
        if (flag == "break") {
            step.break_cycle = true;
        } else if (flag == "redirect") {
            step.redirect = 302;
        } else if (flag == "permanent") {
            step.redirect = 301;
        } else if (flag != "last") {
            fail(d, "invalid parameter \"" + flag + "\"");
        }
    }
    b.note_variables(step.value, d);
}

void set_variable(BuildState& b, const Directive& d) {
    if (d.args[0].empty() || d.args[0][0] != '$') fail(d, "invalid variable name \"" + d.args[0] + "\"");
    b.define_variable(d.args[0].substr(1), d);  // its messages name it as written, as nginx's
    std::string name = variable_key(d.args[0].substr(1));
    b.note_variables(d.args[1], d);
    RewriteStep& step = add_step(b, d, RewriteStep::Kind::Set);
    step.name = name;
    step.value = d.args[1];
}

// nginx's "(...)": "$v", "$v = value", "$v != value", "$v ~ regex" (~*, !~, !~*), "-f path" (-d, -e, -x, !-f, ...).
IfCondition read_condition(BuildState& b, const Directive& d) {
    std::vector<std::string> args = d.args;
    auto invalid = [&](const std::string& v) { fail(d, "invalid condition \"" + v + "\""); };
    if (args.front().empty() || args.front()[0] != '(') invalid(args.front());
    if (args.front().size() == 1) {
        args.erase(args.begin());
    } else {
        args.front().erase(0, 1);
    }
    if (args.empty() || args.back().empty() || args.back().back() != ')') invalid(args.empty() ? "" : args.back());
    if (args.back().size() == 1) {
        args.pop_back();
    } else {
        args.back().pop_back();
    }
    if (args.empty()) invalid(")");  // as nginx: "()" names its ')'
    IfCondition c;
    const std::string& first = args[0];
    if (first.size() > 1 && first[0] == '$') {
        if (args.size() != 1 && args.size() != 3) invalid(first);
        c.variable = variable_key(first.substr(1));
        b.variables.push_back({c.variable, d.where});
        if (args.size() == 1) return c;
        const std::string& op = args[1];
        c.operand = args[2];
        if (op == "=" || op == "!=") {
            c.kind = op == "=" ? IfCondition::Kind::Equal : IfCondition::Kind::NotEqual;
            b.note_variables(c.operand, d);
            return c;
        }
        if (op == "~" || op == "~*" || op == "!~" || op == "!~*") {
            c.kind = IfCondition::Kind::Match;
            b.note_named_captures(c.operand, d);
            c.caseless = op.back() == '*';
            c.negative = op[0] == '!';
            return c;
        }
        fail(d, "unexpected \"" + op + "\" in condition");
    }
    bool negative = first.size() == 3 && first[0] == '!' && first[1] == '-';
    if ((first.size() == 2 && first[0] == '-') || negative) {
        if (args.size() != 2) invalid(first);
        char test = first.back();
        if (test != 'f' && test != 'd' && test != 'e' && test != 'x') invalid(first);
        c.kind = IfCondition::Kind::File;
        c.negative = negative;
        c.file_test = test;
        c.operand = args[1];
        b.note_variables(c.operand, d);
        return c;
    }
    fail(d, "invalid condition \"" + first + "\"");
}

void set_if(BuildState& b, const Directive& d) {
    Frame parent = b.top();
    IfCondition condition = read_condition(b, d);
    RewriteStep& step = add_step(b, d, RewriteStep::Kind::If);
    step.condition = std::move(condition);
    if (parent.context == kServer) {
        b.frames.push_back(Frame{kServerIf, &b.unused_scopes.emplace_back(), parent.server});
    } else {
        // as nginx: a nameless location inside the enclosing one, merged from it like any other
        Location& outer = *parent.location;
        step.location = static_cast<long>(outer.locations.size());
        Location& inner = outer.locations.emplace_back();
        inner.match = Location::Match::If;
        inner.pattern = outer.pattern;
        inner.where = d.where;
        b.frames.push_back(Frame{kLocationIf, &inner.scope, parent.server, &inner});
    }
    b.top().steps = &step.steps;
}

}  // namespace

void add_rewrite_rows(std::vector<Row>& rows) {
    rows.push_back({"return", kRewriteLevels, kTake12, set_return});
    rows.push_back({"rewrite", kRewriteLevels, kTake23, set_rewrite});
    rows.push_back({"break", kRewriteLevels, kNoArgs, [](BuildState& b, const Directive& d) {
        add_step(b, d, RewriteStep::Kind::Break);
    }});
    rows.push_back({"if", kServer | kLocation, kBlock | k1More, set_if});
    rows.push_back({"set", kRewriteLevels, kTake2, set_variable});
    rows.push_back(flag("rewrite_log", kHttpLevels | kServerIf | kLocationIf, &HttpScope::rewrite_log, false));
    rows.push_back(flag("uninitialized_variable_warn", kHttpLevels | kServerIf | kLocationIf,
                        &HttpScope::uninitialized_variable_warn, true));
}

}  // namespace confparse
