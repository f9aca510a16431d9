// nginx's auth_basic module: auth_basic (a realm, or "off") and auth_basic_user_file, both with variables.
#include "confparse/setters.hpp"

namespace confparse {
namespace {

// A row for one of the two texts: "is duplicate" on one level, variables checked, inherited.
Row auth_text(std::string_view name, Setting<std::string> HttpScope::*member, bool file, std::string fallback) {
    Row row{name, kHttpLevels | kLimitExcept, kTake1};
    row.set = [member, file](BuildState& b, const Directive& d) {
        auto& s = b.scope().*member;
        if (s.is_set()) fail_directive(d, "is duplicate");
        b.note_variables(d.args[0], d);
        // as nginx: a file's name is under the configuration's folder, now unless a variable starts it
        s.value = file && d.args[0][0] != '$' ? b.conf_path(d.args[0]) : d.args[0];
        s.where = d.where;
    };
    row.merge = [member, fallback](HttpScope& child, const HttpScope& parent) {
        (child.*member).merge(parent.*member, fallback);
    };
    return row;
}

}  // namespace

void add_auth_basic_rows(std::vector<Row>& rows) {
    rows.push_back(auth_text("auth_basic", &HttpScope::auth_basic, false, "off"));
    rows.push_back(auth_text("auth_basic_user_file", &HttpScope::auth_basic_user_file, true, ""));
}

}  // namespace confparse
