#include "proxy/access_phase.hpp"

namespace proxy {

bool AccessPhase::decided_by(int answer) {
    if (answer == kAccessDeclined) return false;
    if (answer == kAccessAllowed) {
        // satisfy all: the next module must allow too; satisfy any: one is enough, a refusal kept is dropped
        if (!any_) return false;
        status_ = 0;
        return decided_ = true;
    }
    if (any_ && (answer == 403 || answer == 401)) {
        // as nginx: kept in case no module allows; a 401 is never replaced, so its challenge goes out
        if (status_ != 401) status_ = answer;
        return false;
    }
    status_ = answer;
    return decided_ = true;
}

}  // namespace proxy
