// nginx's headers filter module: expires (add_header sits with the core rows).
#include "confparse/setters.hpp"

namespace confparse {
namespace {

Expires read_expires(BuildState& b, const Directive& d) {
    Expires e;
    e.kind = Expires::Kind::Access;
    if (d.args.size() == 2) {
        if (d.args[0] != "modified") fail_directive(d, "invalid value");
        e.kind = Expires::Kind::Modified;
    }
    const std::string& value = d.args.back();
    if (value.find('$') != std::string::npos) {  // as nginx: read per request, where errors write nothing
        b.note_variables(value, d);
        e.value = value;
        return e;
    }
    if (const char* err = parse_expires(value, e)) fail_directive(d, err);
    return e;
}

}  // namespace

void add_headers_rows(std::vector<Row>& rows) {
    Row expires{"expires", kHttpLevels | kLocationIf, kTake12};
    expires.set = [](BuildState& b, const Directive& d) {
        auto& s = b.scope().expires;
        if (s.is_set()) fail_directive(d, "is duplicate");
        s = {read_expires(b, d), d.where};
    };
    expires.merge = [](HttpScope& child, const HttpScope& parent) { child.expires.merge(parent.expires, Expires{}); };
    rows.push_back(expires);
}

}  // namespace confparse
