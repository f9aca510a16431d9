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

constexpr std::size_t kKeptCapacity = 4096;

// Calls f(context's buffer, saved buffer) for each buffer RequestBuffers holds.
template <class F>
void for_each_buffer(RequestContext& r, RequestBuffers& b, F f) {
    f(r.method, b.method);
    f(r.request_line, b.request_line);
    f(r.request_uri, b.request_uri);
    f(r.uri, b.uri);
    f(r.args, b.args);
    f(r.host, b.host);
    f(r.sent_head, b.sent_head);
    f(r.proxy_host, b.proxy_host);
    f(r.upstream_fields, b.upstream_fields);
    f(r.upstream_key, b.upstream_key);
    f(r.relay_buffer, b.relay_buffer);
    f(r.headers, b.headers);
    f(r.upstream, b.upstream);
}

}  // namespace

void save_buffers(RequestContext& r, RequestBuffers& into) {
    for_each_buffer(r, into, [](auto& buffer, auto& saved) {
        if (buffer.capacity() * sizeof(buffer[0]) > kKeptCapacity) return;
        buffer.clear();
        saved = std::move(buffer);
    });
}

void reuse_buffers(RequestContext& r, RequestBuffers& from) {
    for_each_buffer(r, from, [](auto& buffer, auto& saved) { buffer = std::move(saved); });
}

}  // namespace proxy
