// nginx's auth_request module: auth_request (a URI, or "off") and auth_request_set, whose variables are
// defined as "set" defines its own.
#include "confparse/setters.hpp"
#include "confparse/variables.hpp"

namespace confparse {

void add_auth_request_rows(std::vector<Row>& rows) {
    rows.push_back(scoped(
        "auth_request", kHttpLevels, kTake1, &HttpScope::auth_request,
        [](const Directive& d) { return d.args[0] == "off" ? std::string() : d.args[0]; }, std::string()));
    rows.push_back(appended("auth_request_set", kHttpLevels, kTake2, &HttpScope::auth_request_set,
                            [](BuildState& b, const Directive& d) {
                                if (d.args[0].empty() || d.args[0][0] != '$') {
                                    fail(d, "invalid variable name \"" + d.args[0] + "\"");
                                }
                                AuthRequestSet set{variable_key(d.args[0].substr(1)), d.args[1]};
                                if (!b.defined_variables.count(set.name)) b.quiet_variables.insert(set.name);
                                b.define_variable(d.args[0].substr(1), d);
                                b.note_variables(set.value, d);
                                return set;
                            }));
}

}  // namespace confparse
