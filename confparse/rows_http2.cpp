// The HTTP/2 module's directives. nproxy serves HTTP/1.1 only (a listen's "http2" is accepted and ALPN
// offers no h2), so these are checked as nginx 1.22 checks them and change nothing; the obsolete ones
// warn as nginx does.
#include "confparse/setters.hpp"

namespace confparse {
namespace {

constexpr Size kMaxWindow = (Size{1} << 31) - 1;  // NGX_HTTP_V2_MAX_WINDOW
constexpr Size kStateBuffer = 16;                 // NGX_HTTP_V2_STATE_BUFFER_SIZE

Row obsolete(std::string_view name, const char* instead) {
    Row row{name, kHttpServer, kTake1};
    row.set = [instead](BuildState& b, const Directive& d) {
        b.warn(d, "the \"" + d.name + "\" directive is obsolete, use the \"" + instead + "\" directive instead");
    };
    return row;
}

// http2_push off | URI: "off" and URIs do not mix at one level.
Row push() {
    Row row{"http2_push", kHttpLevels, kTake1};
    row.set = [](BuildState& b, const Directive& d) {
        auto [it, first] = b.http2_push_levels.try_emplace(&b.scope(), d.args[0] != "off");
        bool uri = d.args[0] != "off";
        if (!first && !it->second && !uri) fail_directive(d, "is duplicate");
        if (!first && it->second != uri) {
            fail_directive(d, uri ? "URI cannot be used with \"off\" parameter"
                                  : "\"off\" parameter cannot be used with URI");
        }
        if (uri) b.note_variables(d.args[0], d);
    };
    return row;
}

}  // namespace

void add_http2_rows(std::vector<Row>& rows) {
    rows.push_back(accepted("http2_recv_buffer_size", kHttp, kTake1, [](const Directive& d) {
        if (read_size(d) <= 2 * kStateBuffer) fail_directive(d, "value is too small");
    }));
    rows.push_back(accepted("http2_pool_size", kHttpServer, kTake1,
                            [](const Directive& d) { check_pool_size(d, read_size(d)); }));
    rows.push_back(accepted("http2_max_concurrent_streams", kHttpServer, kTake1,
                            [](const Directive& d) { read_number(d); }));
    rows.push_back(accepted("http2_max_concurrent_pushes", kHttpServer, kTake1,
                            [](const Directive& d) { read_number(d); }));
    rows.push_back(accepted("http2_body_preread_size", kHttpServer, kTake1, [](const Directive& d) {
        if (read_size(d) > kMaxWindow) {
            fail(d, "the maximum body preread buffer size is " + std::to_string(kMaxWindow));
        }
    }));
    rows.push_back(accepted("http2_streams_index_size", kHttpServer, kTake1, [](const Directive& d) {
        std::int64_t n = read_number(d);
        if (n == 0 || (n & (n - 1)) != 0) fail_directive(d, "must be a power of two");
    }));
    rows.push_back(accepted("http2_chunk_size", kHttpLevels, kTake1, [](const Directive& d) {
        if (read_size(d) == 0) fail(d, "the http2 chunk size cannot be zero");
    }));
    rows.push_back(accepted("http2_push_preload", kHttpLevels, kFlag, [](const Directive& d) { read_flag(d); }));
    rows.push_back(push());
    rows.push_back(obsolete("http2_recv_timeout", "client_header_timeout"));
    rows.push_back(obsolete("http2_idle_timeout", "keepalive_timeout"));
    rows.push_back(obsolete("http2_max_requests", "keepalive_requests"));
    rows.push_back(obsolete("http2_max_field_size", "large_client_header_buffers"));
    rows.push_back(obsolete("http2_max_header_size", "large_client_header_buffers"));
}

}  // namespace confparse
