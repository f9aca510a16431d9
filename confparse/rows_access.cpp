// nginx's access module: allow and deny; and the core module's satisfy, how the access phase weighs them
// with auth_basic, and auth_delay, how long its 401 waits.
#include "confparse/access_rule.hpp"
#include "confparse/setters.hpp"

namespace confparse {

void add_access_rows(std::vector<Row>& rows) {
    // as nginx: both append to one list, checked in the order written; "all" matches every client
    for (bool deny : {false, true}) {
        rows.push_back(appended(deny ? "deny" : "allow", kHttpLevels | kLimitExcept, kTake1, &HttpScope::access,
                                [deny](BuildState& b, const Directive& d) {
                                    bool bits_dropped = false;
                                    auto rule = read_access_rule(d.args[0], deny, &bits_dropped);
                                    if (!rule) fail(d, "invalid parameter \"" + d.args[0] + "\"");
                                    if (bits_dropped) {
                                        b.warn(d, "low address bits of " + d.args[0] + " are meaningless");
                                    }
                                    return *rule;
                                }));
    }
    rows.push_back(scoped(
        "satisfy", kHttpLevels, kTake1, &HttpScope::satisfy,
        [](const Directive& d) {
            return read_enum<Satisfy>(d, {{"all", Satisfy::All}, {"any", Satisfy::Any}});
        },
        Satisfy::All));
    rows.push_back(msec("auth_delay", kHttpLevels, &HttpScope::auth_delay, 0));
}

}  // namespace confparse
