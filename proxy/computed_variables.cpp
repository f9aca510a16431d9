#include "proxy/computed_variables.hpp"

#include "proxy/map_table.hpp"

namespace proxy {

ComputedVariables::ComputedVariables(const confparse::Http& http) {
    for (const confparse::MapBlock& block : http.maps) {
        maps_.push_back(std::make_unique<MapTable>(block));
        by_name_[block.variable] = maps_.back().get();  // as nginx: a later map of the same name wins
    }
}

ComputedVariables::~ComputedVariables() = default;

bool ComputedVariables::value(std::string_view name, const RequestContext& r, std::string& out) const {
    auto it = by_name_.find(name);
    if (it == by_name_.end()) return false;
    // as nginx's ngx_http_variable_depth: a map whose value (or source) uses itself stops after 100
    // levels, found as no value, instead of exhausting the stack
    thread_local int depth = 0;
    if (depth >= 100) return false;
    struct Nested {
        int& d;
        explicit Nested(int& depth) : d(depth) { ++d; }
        ~Nested() { --d; }
    } nested(depth);
    // as nginx's variable handlers, a map's regex sets the request's captures: the request is the
    // session's own, only passed here as the read-only view variables take
    out = it->second->value(const_cast<RequestContext&>(r));
    return true;
}

}  // namespace proxy
