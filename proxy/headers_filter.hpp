#pragma once
// nginx's headers filter (ngx_http_headers_filter_module): what expires writes, and which add_header entry
// decides a field that nginx keeps single (ETag, Last-Modified).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "confparse/config.hpp"

namespace proxy {

struct ExpiresFields {
    std::string expires;
    std::string cache_control;
};

// ngx_http_set_expires: the Expires and Cache-Control values for a response, or nothing when none is
// written (off, or a value from variables that is off or malformed). `value` is the rendered variable text
// when the directive has variables; `last_modified` the response's Last-Modified ("" when none).
std::optional<ExpiresFields> expires_fields(const confparse::Expires& conf, std::string_view value,
                                            std::string_view last_modified, std::int64_t now);

// The add_header entry that decides a single field (the last one for `name` that applies), or null. As
// nginx: it replaces the field the response had, or, with an empty value, removes it.
const confparse::AddHeader* deciding_entry(const std::vector<confparse::AddHeader>& entries, std::string_view name,
                                           bool status_takes_headers);

}  // namespace proxy
