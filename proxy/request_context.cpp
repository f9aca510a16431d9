#include "proxy/request_context.hpp"

#include <strings.h>

namespace proxy {

const std::string* RequestContext::header(std::string_view name) const {
    for (const auto& h : headers) {
        if (h.name.size() == name.size() && strncasecmp(h.name.data(), name.data(), name.size()) == 0) return &h.value;
    }
    return nullptr;
}

namespace {

// What a kept buffer may have grown to: a request with a large header does not make every later
// request hold as much.
constexpr std::size_t kKeptCapacity = 4096;

// Gives `into`, new, the cleared buffer of `from` when its capacity is within the bound.
template <class Buffer>
void keep_buffer(Buffer& into, Buffer& from) {
    if (from.capacity() * sizeof(typename Buffer::value_type) > kKeptCapacity) return;
    from.clear();
    into = std::move(from);
}

}  // namespace

void RequestContext::clear_keeping_buffers() {
    // Everything goes to `last` and is freed with it but the buffers kept. (Assigning a new context over
    // this one would not do: a string assigned an empty one keeps its own buffer, however large.)
    RequestContext last(std::move(*this));
    RequestContext next;
    keep_buffer(next.method, last.method);
    keep_buffer(next.request_line, last.request_line);
    keep_buffer(next.request_uri, last.request_uri);
    keep_buffer(next.uri, last.uri);
    keep_buffer(next.args, last.args);
    keep_buffer(next.headers, last.headers);
    keep_buffer(next.host, last.host);
    keep_buffer(next.sent_head, last.sent_head);
    keep_buffer(next.proxy_host, last.proxy_host);
    keep_buffer(next.upstream, last.upstream);
    keep_buffer(next.upstream_fields, last.upstream_fields);
    *this = std::move(next);
}

}  // namespace proxy
