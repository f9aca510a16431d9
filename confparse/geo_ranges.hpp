#pragma once
// "geo { ranges; A-B value; delete A-B; }": nginx's ngx_http_geo_add_range and _delete_range, which
// split ranges at every /16 and allow a new range only inside an old one or beside it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "confparse/geo_config.hpp"

namespace confparse {

// "A-B" as two IPv4 addresses in host order, A <= B; nothing when it is not one.
std::optional<std::pair<std::uint32_t, std::uint32_t>> read_geo_range(const std::string& text);

// Adds [start, end] with `value`; `text` names it in messages. Adds nginx's warnings (duplicate ranges)
// to `warnings`; returns nginx's error ("range ... overlaps ...") when it cannot be added.
std::optional<std::string> add_geo_range(GeoBlock& geo, std::uint32_t start, std::uint32_t end,
                                         const std::string& value, const std::string& text,
                                         std::vector<std::string>& warnings);

// Removes exactly [start, end]; false when some part of it was not there (nginx's warning).
bool delete_geo_range(GeoBlock& geo, std::uint32_t start, std::uint32_t end);

}  // namespace confparse
