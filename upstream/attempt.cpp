#include "upstream/attempt.hpp"

#include <algorithm>
#include <utility>

#include "upstream/group.hpp"

namespace upstream {

Attempt::Attempt(const Group& group, std::int64_t max_tries, std::chrono::milliseconds timeout, TimePoint start)
    : tried_(std::max(group.primary().size(), group.backup().size())),
      tries_(group.tries()),
      start_(start),
      timeout_(timeout),
      ring_(group.ring()) {
    if (max_tries > 0 && tries_ > max_tries) tries_ = max_tries;
}

void Attempt::hash_client(std::string_view binary_address) {
    hash_address_ = {};
    hash_address_size_ = binary_address.size() == 16 ? 16 : 3;
    if (binary_address.size() == 4 || binary_address.size() == 16) {
        std::copy_n(binary_address.begin(), hash_address_size_, hash_address_.begin());
    }
}

void Attempt::hash_key(std::string key) {
    hash_key_ = std::move(key);
    hash_ = ring_ ? static_cast<unsigned>(ring_->find(crc32_of(hash_key_))) : 0;
}

bool Attempt::may_try_another(TimePoint now) const {
    if (tries_ == 0) return false;
    return !(timeout_.count() > 0 && now - start_ >= timeout_);
}

}  // namespace upstream
