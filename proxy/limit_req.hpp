#pragma once
// nginx's limit_req module at run time (its preaccess phase handler): each limit of the level checked
// against its zone's bucket for the request's key, then the request passed, delayed or rejected, with
// nginx's log lines and $limit_req_status.
#include <map>
#include <memory>
#include <string>

#include "confparse/config.hpp"
#include "proxy/limit_req_zone.hpp"
#include "proxy/logs.hpp"
#include "proxy/request_context.hpp"
#include "proxy/variables.hpp"

namespace proxy {

// What the phase decided: status non-zero rejects the request with it; else delay (milliseconds) holds
// it back before the next phase.
struct LimitReqVerdict {
    int status = 0;
    confparse::Msec delay = 0;
};

// r.limit_req_status, as nginx numbers it.
enum LimitReqStatus { kLimitPassed = 1, kLimitDelayed, kLimitRejected, kLimitDelayedDryRun, kLimitRejectedDryRun };

// The name of a LimitReqStatus for $limit_req_status; nullptr for 0 (the phase did not run).
const char* limit_req_status_name(int status);

class LimitRequests {
public:
    // Every zone a limit names is declared (confparse checked).
    explicit LimitRequests(const confparse::Http& http);

    // Runs the phase for r once (as nginx: not again after an internal redirect).
    LimitReqVerdict check(RequestContext& r, const confparse::HttpScope& scope, const ErrorLog& log) const;

private:
    struct Zone {
        std::unique_ptr<LimitReqZone> state;
        Template key;
    };
    std::map<std::string, Zone, std::less<>> zones_;
};

}  // namespace proxy
