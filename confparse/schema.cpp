#include "confparse/schema.hpp"

#include <algorithm>
#include <string>

namespace confparse {
namespace {

const char* const kNginxDirectives[] = {
#include "confparse/nginx_directive_names.inc"
};

std::vector<Row> build_schema() {
    std::vector<Row> rows;
    add_main_rows(rows);
    add_http_server_rows(rows);
    add_http_core_rows(rows);
    add_request_body_rows(rows);
    add_access_rows(rows);
    add_headers_rows(rows);
    add_limit_except_rows(rows);
    add_status_rows(rows);
    add_error_page_rows(rows);
    add_log_rows(rows);
    add_proxy_rows(rows);
    add_proxy_cookie_rows(rows);
    add_proxy_cache_rows(rows);
    add_rewrite_rows(rows);
    add_ssl_rows(rows);
    add_upstream_rows(rows);
    add_resolver_rows(rows);
    add_ssi_rows(rows);
    add_sub_filter_rows(rows);
    add_mirror_rows(rows);
    add_auth_basic_rows(rows);
    add_auth_request_rows(rows);
    add_realip_rows(rows);
    add_gzip_rows(rows);
    add_map_rows(rows);
    add_split_clients_rows(rows);
    add_referer_rows(rows);
    add_limit_req_rows(rows);
    add_limit_conn_rows(rows);
    add_geo_rows(rows);
    add_charset_rows(rows);
    add_http2_rows(rows);
    add_proxy_store_rows(rows);
    return rows;
}

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

}  // namespace

const std::vector<Row>& schema() {
    static const std::vector<Row> rows = build_schema();
    return rows;
}

bool is_nginx_directive(std::string_view name) {
    return std::any_of(std::begin(kNginxDirectives), std::end(kNginxDirectives),
                       [&](const char* n) { return name == n; });
}

// Close means at most two edits, and fewer than a third of the name: a typo, not another word.
std::string_view closest_directive(std::string_view name) {
    std::string_view best;
    size_t best_distance = std::min<size_t>(2, name.size() / 3);
    for (const Row& row : schema()) {
        size_t dist = edit_distance(name, row.name);
        if (dist <= best_distance && (best.empty() || dist < best_distance)) {
            best = row.name;
            best_distance = dist;
        }
    }
    return best;
}

}  // namespace confparse
