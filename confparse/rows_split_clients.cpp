// nginx's split_clients module: "split_clients STRING $variable { PERCENT% value; ... * value; }".
#include "confparse/setters.hpp"
#include "confparse/variables.hpp"

namespace confparse {
namespace {

void set_split_clients(BuildState& b, const Directive& d) {
    b.note_variables(d.args[0], d);
    if (d.args[1].empty() || d.args[1][0] != '$') fail(d, "invalid variable name \"" + d.args[1] + "\"");
    SplitClientsBlock& split = b.http().split_clients.emplace_back();
    split.source = d.args[0];
    split.variable = variable_key(d.args[1].substr(1));
    split.where = d.where;
    b.define_variable(d.args[1].substr(1), d);
}

// As ngx_atofp(text, 2): a decimal number in hundredths, at most two decimals; -1 when invalid.
std::int64_t hundredths(std::string_view text) {
    if (text.empty()) return -1;
    std::int64_t value = 0;
    int decimals = 2;
    bool dot = false;
    for (char c : text) {
        if (decimals == 0) return -1;
        if (c == '.') {
            if (dot) return -1;
            dot = true;
            continue;
        }
        if (c < '0' || c > '9') return -1;
        if (value > (INT64_MAX - (c - '0')) / 10) return -1;
        value = value * 10 + (c - '0');
        decimals -= dot;
    }
    for (; decimals > 0; --decimals) {
        if (value > INT64_MAX / 10) return -1;
        value *= 10;
    }
    return value;
}

// The statements keep their percents (in hundredths; 0 for "*") in `bound` until the block closes.
void split_statement(BuildState& b, const Directive& d) {
    SplitClientsPart& part = b.http().split_clients.back().parts.emplace_back();
    const std::string& percent = d.name;
    if (percent != "*") {
        std::int64_t n =
            percent.empty() || percent.back() != '%' ? -1 : hundredths(percent.substr(0, percent.size() - 1));
        if (n <= 0) fail(d, "invalid percent value \"" + percent + "\"");
        part.bound = static_cast<std::uint32_t>(n);  // as nginx, cut to 32 bits
    }
    // nginx reads a value the statement does not have from a stale slot; nproxy takes ""
    if (!d.args.empty()) part.value = d.args[0];
}

// As nginx once the block is read: "*" makes the total 100%, which no part may pass; each part's bound is
// the cumulated share of 0xffffffff.
void split_close(BuildState& b, const Directive&) {
    std::uint32_t sum = 0, last = 0;
    for (SplitClientsPart& part : b.http().split_clients.back().parts) {
        sum = part.bound ? sum + part.bound : 10000;
        if (sum > 10000) throw ConfigError("percent total is greater than 100%", b.block_end);
        if (!part.bound) continue;
        last += static_cast<std::uint32_t>(part.bound * std::uint64_t{0xffffffff} / 10000);
        part.bound = last;
    }
}

}  // namespace

void add_split_clients_rows(std::vector<Row>& rows) {
    Row split{"split_clients", kHttp, kRawBlock | kTake2, set_split_clients};
    split.raw = split_statement;
    split.leave = split_close;
    rows.push_back(split);
}

}  // namespace confparse
