#pragma once
// An upstream response's header fields as ResponseParser keeps them, in one string: each field is its
// Beast field id (kFieldIdSize bytes), then "name:value\n" (neither a name nor a value holds '\n', a name
// no ':'). The request keeps that string after the response, for $upstream_http_NAME.
#include <cstddef>
#include <string_view>

namespace proxy {

inline constexpr std::size_t kFieldIdSize = 2;

// Calls f(id bytes, name, value) for each field of `fields`, in the order received.
template <class F>
void for_each_upstream_field(std::string_view fields, F&& f) {
    while (!fields.empty()) {
        std::string_view id = fields.substr(0, kFieldIdSize);
        fields.remove_prefix(kFieldIdSize);
        std::size_t colon = fields.find(':');
        std::size_t end = fields.find('\n', colon);
        f(id, fields.substr(0, colon), fields.substr(colon + 1, end - colon - 1));
        fields.remove_prefix(end + 1);
    }
}

}  // namespace proxy
