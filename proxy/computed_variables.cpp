#include "proxy/computed_variables.hpp"

#include <cstdlib>
#include <memory>

#include "proxy/file_path.hpp"
#include "proxy/geo_table.hpp"
#include "proxy/map_table.hpp"
#include "proxy/referer_table.hpp"
#include "proxy/split_table.hpp"

namespace proxy {

// As nginx: of two blocks defining one name, the one read later (split_clients, then geo blocks, after maps
// here) wins, and each over $invalid_referer.
ComputedVariables::ComputedVariables(const confparse::Http& http, std::string prefix) : prefix_(std::move(prefix)) {
    for (const confparse::Server& server : http.servers) {
        add_referers(server.scope);
        add_referers(server.locations);
    }
    by_name_["invalid_referer"] = {};
    for (const confparse::MapBlock& block : http.maps) {
        maps_.push_back(std::make_unique<MapTable>(block));
        by_name_[block.variable] = {maps_.back().get(), nullptr, block.is_volatile};
    }
    for (const confparse::SplitClientsBlock& block : http.split_clients) {
        splits_.push_back(std::make_unique<SplitTable>(block));
        by_name_[block.variable] = {nullptr, nullptr, false, splits_.back().get()};
    }
    for (const confparse::GeoBlock& block : http.geos) {
        geos_.push_back(std::make_unique<GeoTable>(block));
        by_name_[block.variable] = {nullptr, geos_.back().get()};
    }
}

ComputedVariables::~ComputedVariables() = default;

void ComputedVariables::add_referers(const confparse::HttpScope& scope) {
    if (!scope.valid_referers.is_set()) return;
    auto& table = referers_[scope.valid_referers->get()];
    if (!table) table = std::make_unique<RefererTable>(**scope.valid_referers);
}

void ComputedVariables::add_referers(const std::vector<confparse::Location>& locations) {
    for (const confparse::Location& loc : locations) {
        add_referers(loc.scope);
        add_referers(loc.locations);
    }
}

// As nginx: the request's level decides; one without valid_referers takes every request as valid.
std::string ComputedVariables::invalid_referer(const RequestContext& r) const {
    const confparse::HttpScope* scope = r.location ? &r.location->scope : r.server ? &r.server->scope : nullptr;
    if (!scope || !scope->valid_referers.is_set()) return "";
    return referers_.at(scope->valid_referers->get())->invalid(r.header("Referer")) ? "1" : "";
}

bool ComputedVariables::root_value(std::string_view name, const RequestContext& r, std::string& out) const {
    if (name != "document_root" && name != "realpath_root" && name != "request_filename") return false;
    const confparse::HttpScope* scope = r.location ? &r.location->scope : r.server ? &r.server->scope : nullptr;
    if (!scope) return false;
    std::string root = level_root(*scope, r, prefix_);
    if (name == "document_root") {
        out = std::move(root);
    } else if (name == "request_filename") {
        out = file_path(*scope, r, root);
    } else {  // empty when the path cannot be resolved (nginx fails the request's use of it)
        std::unique_ptr<char, decltype(&std::free)> real(::realpath(root.c_str(), nullptr), &std::free);
        out = real ? real.get() : "";
    }
    return true;
}

bool ComputedVariables::value(std::string_view name, const RequestContext& r, std::string& out) const {
    auto it = by_name_.find(name);
    if (it == by_name_.end()) return root_value(name, r, out);
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
    // as nginx: a value is computed once per request and kept (through internal redirects), unless volatile
    if (!source.is_volatile) {
        for (const auto& [kept_source, kept] : r.computed_values) {
            if (kept_source != &source) continue;
            out = kept;
            return true;
        }
    }
    out = source.map     ? source.map->value(const_cast<RequestContext&>(r))
          : source.geo   ? source.geo->value(r)
          : source.split ? source.split->value(r)
                         : invalid_referer(r);
    if (!source.is_volatile) r.computed_values.emplace_back(&source, out);
    return true;
}

}  // namespace proxy
