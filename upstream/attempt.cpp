#include "upstream/attempt.hpp"

#include <algorithm>

#include "upstream/group.hpp"

namespace upstream {

Attempt::Attempt(const Group& group, std::int64_t max_tries, std::chrono::milliseconds timeout, TimePoint start)
    : tried_(std::max(group.primary().size(), group.backup().size())),
      tries_(group.tries()),
      start_(start),
      timeout_(timeout) {
    if (max_tries > 0 && tries_ > max_tries) tries_ = max_tries;
}

bool Attempt::may_try_another(TimePoint now) const {
    if (tries_ == 0) return false;
    return !(timeout_.count() > 0 && now - start_ >= timeout_);
}

}  // namespace upstream
