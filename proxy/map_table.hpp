#pragma once
// One compiled "map" block (nginx's map module): the source text and what each of its values maps to,
// found as ngx_http_map_find finds it: an exact key (without case), then the most specific hostname
// wildcard ("*.name" / ".name" before "name.*"), then the regexes in the order written, else the default.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "confparse/map_config.hpp"
#include "proxy/hostname_wildcard.hpp"
#include "proxy/regex.hpp"
#include "proxy/request_context.hpp"
#include "proxy/variables.hpp"

namespace proxy {

class MapTable {
public:
    // Throws confparse::ConfigError for a regex nginx would refuse.
    explicit MapTable(const confparse::MapBlock& block);

    // The variable's value for r. As nginx, a regex with groups that matched sets the request's captures
    // ($1.., and named ones as variables), which the value may use.
    std::string value(RequestContext& r) const;

    // The value template `subject` selects (the default when nothing matches); a regex's groups go to
    // `found` (left alone when it has none).
    const Template& match(std::string_view subject, Captures& found) const;

private:
    struct CaselessHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const;
    };
    struct CaselessEqual {
        using is_transparent = void;
        bool operator()(std::string_view a, std::string_view b) const;
    };
    struct Wildcard {
        HostnameWildcard wildcard;
        Template value;
    };
    struct Pattern {
        Regex regex;
        Template value;
    };
    Template source_;
    bool hostnames_ = false;
    std::unordered_map<std::string, Template, CaselessHash, CaselessEqual> exact_;
    std::vector<Wildcard> wildcards_;
    std::vector<Pattern> regexes_;
    Template default_;
};

}  // namespace proxy
