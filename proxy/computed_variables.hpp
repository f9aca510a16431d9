#pragma once
// The variables the configuration computes from others (nginx's map, split_clients and geo modules) or from
// the request's level ($document_root, $realpath_root, $request_filename, $invalid_referer): evaluated
// lazily, when a request uses one, as nginx's get handlers are.
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "confparse/config.hpp"
#include "proxy/request_context.hpp"

namespace proxy {

class MapTable;
class GeoTable;
class SplitTable;
class RefererTable;

class ComputedVariables {
public:
    // Throws confparse::ConfigError for what nginx refuses when it compiles them (a map's regex).
    // `prefix`: what a root made of variables is under when relative.
    ComputedVariables(const confparse::Http& http, std::string prefix);
    ~ComputedVariables();

    // False when `name` is not one of them; else its value for r in `out`.
    bool value(std::string_view name, const RequestContext& r, std::string& out) const;

private:
    bool root_value(std::string_view name, const RequestContext& r, std::string& out) const;
    std::string invalid_referer(const RequestContext& r) const;
    void add_referers(const confparse::HttpScope& scope);
    void add_referers(const std::vector<confparse::Location>& locations);

    struct NameHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::vector<std::unique_ptr<MapTable>> maps_;
    std::vector<std::unique_ptr<GeoTable>> geos_;
    std::vector<std::unique_ptr<SplitTable>> splits_;
    // each level's valid_referers, compiled once however many levels inherit them
    std::unordered_map<const confparse::ValidReferers*, std::unique_ptr<RefererTable>> referers_;
    // the variable's map, geo or split_clients block (one of them set; none for $invalid_referer)
    struct Source {
        const MapTable* map = nullptr;
        const GeoTable* geo = nullptr;
        bool is_volatile = false;  // a map's "volatile": computed at each use, never kept
        const SplitTable* split = nullptr;
    };

    std::unordered_map<std::string, Source, NameHash, std::equal_to<>> by_name_;
    std::string prefix_;
};

}  // namespace proxy
