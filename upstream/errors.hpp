#pragma once
// The upstream part's error codes, for std::error_code on the data path.
#include <system_error>

namespace upstream {

enum class Errc {
    no_live_upstreams = 1,  // as nginx: every peer is down, failed or already tried by this request
};

const std::error_category& category();
std::error_code make_error_code(Errc e);

}  // namespace upstream

template <>
struct std::is_error_code_enum<upstream::Errc> : std::true_type {};
