#pragma once
// A "map" block of nginx's map module, as read: what $variable's value is for each value of the source.
#include <string>
#include <vector>

#include "confparse/error.hpp"

namespace confparse {

struct MapEntry {
    std::string key;    // exact: lower-cased; wildcard: as written ("*.a.org", ".a.org", "www.a.*"); regex: the pattern
    std::string value;  // may hold variables (and a regex's captures)
    bool caseless = false;  // a "~*" regex
    SourceRef where = {};   // a regex's errors are reported here
};

struct MapBlock {
    std::string source;    // a text with variables, e.g. "$http_host"
    std::string variable;  // the name it defines, without '$'
    bool hostnames = false;  // a trailing '.' of the source is dropped before matching
    bool is_volatile = false;
    std::vector<MapEntry> exact;      // matched first, without case
    std::vector<MapEntry> wildcards;  // with "hostnames": "*.name", ".name" and "name.*"
    std::vector<MapEntry> regexes;    // tried in the order written when nothing else matched
    std::string default_value;        // "" when none is given (nginx's null value)
    SourceRef where;
};

}  // namespace confparse
