// The gzip module's directives (ngx_http_gzip_filter_module's, and those nginx keeps in its core
// module: gzip_vary, gzip_http_version, gzip_proxied, gzip_disable).
#include "confparse/setters.hpp"

namespace confparse {
namespace {

// A size that must be one of the powers of two from 512 to `max`: its log2 less `less` (nginx's
// gzip_window gives zlib's window bits, gzip_hash its memory level).
Row power_of_two(std::string_view name, Setting<int> HttpScope::*member, int max_log2, int less,
                 const char* message, int fallback) {
    return scoped(name, kHttpLevels, kTake1, member, [max_log2, less, message](const Directive& d) {
        Size size = read_size(d);
        for (int bits = 9; bits <= max_log2; ++bits) {
            if (size == Size{1} << bits) return bits - less;
        }
        fail_directive(d, message);
    }, fallback);
}

Row disable() {
    Row row{"gzip_disable", kHttpLevels, k1More};
    row.set = [](BuildState& b, const Directive& d) {
        HttpScope& s = b.scope();
        if (!s.gzip_disable.is_set()) s.gzip_disable = {std::vector<GzipDisablePattern>{}, d.where};
        for (const std::string& arg : d.args) {
            if (arg == "msie6") {
                s.gzip_disable_msie6 = {true, d.where};
            } else {
                s.gzip_disable.value->push_back({arg, d.where});
            }
        }
    };
    row.merge = [](HttpScope& child, const HttpScope& parent) {
        child.gzip_disable.merge(parent.gzip_disable, {});
        child.gzip_disable_msie6.merge(parent.gzip_disable_msie6, false);
    };
    return row;
}

}  // namespace

void add_gzip_rows(std::vector<Row>& rows) {
    rows.push_back(flag("gzip", kHttpLevels | kLocationIf, &HttpScope::gzip, false));
    rows.push_back(mime_types("gzip_types", &HttpScope::gzip_types));
    rows.push_back(size("gzip_min_length", kHttpLevels, &HttpScope::gzip_min_length, 20));
    rows.push_back(scoped("gzip_comp_level", kHttpLevels, kTake1, &HttpScope::gzip_comp_level, [](const Directive& d) {
        std::int64_t level = read_number(d);
        if (level < 1 || level > 9) fail(d, "value must be between 1 and 9");
        return level;
    }, std::int64_t{1}));
    rows.push_back(scoped("gzip_buffers", kHttpLevels, kTake2, &HttpScope::gzip_buffers, [](const Directive& d) {
        auto count = parse_number(d.args[0]);
        auto bytes = parse_size(d.args[1]);
        if (!count || *count == 0 || !bytes || *bytes == 0) fail_directive(d, "invalid value");
        return GzipBuffers{*count, *bytes};
    }, GzipBuffers{}));
    rows.push_back(power_of_two("gzip_window", &HttpScope::gzip_window, 15, 0,
                                "must be 512, 1k, 2k, 4k, 8k, 16k, or 32k", 15));
    rows.push_back(power_of_two("gzip_hash", &HttpScope::gzip_hash, 17, 8,
                                "must be 512, 1k, 2k, 4k, 8k, 16k, 32k, 64k, or 128k", 8));
    rows.push_back(scoped("gzip_http_version", kHttpLevels, kTake1, &HttpScope::gzip_http_version,
                          [](const Directive& d) { return read_enum<int>(d, {{"1.0", 10}, {"1.1", 11}}); }, 11));
    rows.push_back(bitmask("gzip_proxied", &HttpScope::gzip_proxied,
                           {{"off", kGzipProxiedOff}, {"expired", kGzipProxiedExpired},
                            {"no-cache", kGzipProxiedNoCache}, {"no-store", kGzipProxiedNoStore},
                            {"private", kGzipProxiedPrivate}, {"no_last_modified", kGzipProxiedNoLastModified},
                            {"no_etag", kGzipProxiedNoEtag}, {"auth", kGzipProxiedAuth}, {"any", kGzipProxiedAny}},
                           kGzipProxiedOff));
    rows.push_back(flag("gzip_vary", kHttpLevels, &HttpScope::gzip_vary, false));
    rows.push_back(disable());
    rows.push_back(scoped("gzip_static", kHttpLevels, kTake1, &HttpScope::gzip_static, [](const Directive& d) {
        return read_enum<GzipStatic>(d, {{"off", GzipStatic::Off}, {"on", GzipStatic::On}, {"always", GzipStatic::Always}});
    }, GzipStatic::Off));
    // nproxy compresses as the body comes, never holding it back first
    rows.push_back(accepted("postpone_gzipping", kHttpLevels, kTake1, [](const Directive& d) { read_size(d); }));
    rows.push_back(accepted("gzip_no_buffer", kHttpLevels, kFlag, [](const Directive& d) { read_flag(d); }));
}

}  // namespace confparse
