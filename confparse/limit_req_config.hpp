#pragma once
// nginx's limit_req module as read: the zones limit_req_zone declares and the limits limit_req applies.
#include <cstdint>
#include <string>

#include "confparse/error.hpp"

namespace confparse {

struct LimitReqZone {
    std::string name;
    std::string key;          // a text with variables; an empty value is not limited
    std::int64_t rate = 1000;  // in requests per 1000 seconds (nginx's milli-requests per second)
    std::int64_t size = 0;     // bytes of shared memory nginx would give it: bounds the keys kept
    SourceRef where = {};
};

struct LimitReq {
    std::string zone;
    std::int64_t burst = 0;  // in milli-requests, as nginx keeps it (burst=N times 1000)
    std::int64_t delay = 0;  // the excess served without delay, in milli-requests; "nodelay": all of it
    SourceRef where = {};
};

}  // namespace confparse
