// The mirror module's directives (ngx_http_mirror_module): mirror and mirror_request_body.
#include "confparse/setters.hpp"

namespace confparse {

void add_mirror_rows(std::vector<Row>& rows) {
    // As nginx: each "mirror URI" adds to the level's list; "off" empties it, and neither may follow the
    // other at one level (nor "off" itself). A level with none of its own takes its parent's list.
    Row mirror{"mirror", kHttpLevels, kTake1};
    mirror.set = [](BuildState& b, const Directive& d) {
        auto& s = b.scope().mirror;
        bool off = d.args[0] == "off";
        if (s.is_set() && (off || s->empty())) fail_directive(d, "is duplicate");
        if (!s.is_set()) {
            s.value.emplace();
            s.where = d.where;
        }
        if (!off) s.value->push_back(d.args[0]);
    };
    mirror.merge = [](HttpScope& child, const HttpScope& parent) {
        child.mirror.merge(parent.mirror, std::vector<std::string>{});
    };
    rows.push_back(mirror);
    rows.push_back(flag("mirror_request_body", kHttpLevels, &HttpScope::mirror_request_body, true));
}

}  // namespace confparse
