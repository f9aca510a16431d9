#pragma once
// nginx's limit_conn module as read: the zones limit_conn_zone declares and the limits limit_conn applies.
#include <cstdint>
#include <string>

#include "confparse/error.hpp"

namespace confparse {

struct LimitConnZone {
    std::string name;
    std::string key;        // a text with variables; an empty value is not limited
    std::int64_t size = 0;  // bytes of shared memory nginx would give it: bounds the keys counted at once
    SourceRef where = {};
};

struct LimitConn {
    std::string zone;
    std::int64_t connections = 0;  // requests with one key served at once
    SourceRef where = {};
};

}  // namespace confparse
