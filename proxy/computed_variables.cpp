#include "proxy/computed_variables.hpp"

#include "proxy/geo_table.hpp"
#include "proxy/map_table.hpp"

namespace proxy {

// As nginx: of two blocks defining one name, the one read later (geo blocks after maps here) wins.
ComputedVariables::ComputedVariables(const confparse::Http& http) {
    for (const confparse::MapBlock& block : http.maps) {
        maps_.push_back(std::make_unique<MapTable>(block));
        by_name_[block.variable] = {maps_.back().get(), nullptr};
    }
    for (const confparse::GeoBlock& block : http.geos) {
        geos_.push_back(std::make_unique<GeoTable>(block));
        by_name_[block.variable] = {nullptr, geos_.back().get()};
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
    const Source& source = it->second;
    out = source.map ? source.map->value(const_cast<RequestContext&>(r)) : source.geo->value(r);
    return true;
}

}  // namespace proxy
