#pragma once
// "valid_referers" of nginx's referer module, as read and merged: which Referer headers leave
// $invalid_referer empty.
#include <set>
#include <string>
#include <vector>

#include "confparse/error.hpp"

namespace confparse {

struct RefererHost {
    std::string key;  // exact: the lower-cased name; a wildcard: "*.name", ".name" or "name.*"
    std::string uri;  // what the Referer's path must start with ("/galleries/"); empty: anything
};

struct RefererRegex {
    std::string pattern;  // without the '~'
    SourceRef where;      // its compile errors are reported here
};

struct ValidReferers {
    bool none = false;     // no Referer header is valid
    bool blocked = false;  // a Referer without "http://" or "https://" is valid
    bool server_names = false;
    std::vector<RefererHost> exact;
    std::vector<RefererHost> wildcards;
    std::vector<RefererRegex> regexes;              // caseless, matched against the Referer after its scheme
    std::vector<RefererRegex> server_name_regexes;  // the server's regex names, against the Referer's host
    std::set<std::string> taken;  // the names filed (see file_hostname_key), for "conflicting parameter"
};

}  // namespace confparse
