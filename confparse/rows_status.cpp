// nproxy's status page: `nproxy_status;` in a location, as nginx's stub_status.
#include "confparse/setters.hpp"

namespace confparse {

void add_status_rows(std::vector<Row>& rows) {
    rows.push_back({"nproxy_status", kLocation, kNoArgs,
                    [](BuildState& b, const Directive&) { b.top().location->nproxy_status = true; }});
}

}  // namespace confparse
