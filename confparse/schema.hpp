#pragma once
// The directive table: one row per directive (and context family), as nginx's command tables.
#include <functional>
#include <string_view>
#include <vector>

#include "confparse/tree.hpp"

namespace confparse {

struct BuildState;
struct HttpScope;

// Where a directive may appear.
enum Context : unsigned {
    kMain = 1u << 0,
    kEvents = 1u << 1,
    kHttp = 1u << 2,
    kServer = 1u << 3,
    kLocation = 1u << 4,
    kUpstream = 1u << 5,
    kServerIf = 1u << 6,
    kLocationIf = 1u << 7,
    kLimitExcept = 1u << 8,
};
constexpr unsigned kHttpLevels = kHttp | kServer | kLocation;  // nginx's MAIN|SRV|LOC
constexpr unsigned kHttpServer = kHttp | kServer;               // nginx's MAIN|SRV

// How many arguments it takes, and whether it opens a block (nginx's NGX_CONF_* argument bits).
enum Shape : unsigned {
    kNoArgs = 1u << 0,
    kTake1 = 1u << 1,
    kTake2 = 1u << 2,
    kTake3 = 1u << 3,
    kTake4 = 1u << 4,
    kTake5 = 1u << 5,
    kTake6 = 1u << 6,
    kTake7 = 1u << 7,
    kFlag = 1u << 8,
    k1More = 1u << 9,
    k2More = 1u << 10,
    kBlock = 1u << 11,
    kRawBlock = 1u << 12,  // a block whose body is not directives ("types { }")
};
constexpr unsigned kTake12 = kTake1 | kTake2;
constexpr unsigned kTake13 = kTake1 | kTake3;
constexpr unsigned kTake23 = kTake2 | kTake3;
constexpr unsigned kTake123 = kTake1 | kTake2 | kTake3;
constexpr unsigned kTake1234 = kTake1 | kTake2 | kTake3 | kTake4;

struct Row {
    std::string_view name;
    unsigned contexts;
    unsigned shape;
    // Applies the directive to the configuration being built; throws ConfigError with nginx's message.
    std::function<void(BuildState&, const Directive&)> set = {};
    // For rows that fill an HttpScope setting: nginx's merge of that setting with its default.
    std::function<void(HttpScope& child, const HttpScope& parent)> merge = {};
    // For raw blocks: handles each statement inside.
    std::function<void(BuildState&, const Directive&)> raw = {};
    // Runs when the directive's block closes.
    std::function<void(BuildState&, const Directive&)> leave = {};
};

// The whole table, in lookup order.
const std::vector<Row>& schema();

// True when nginx 1.22 has a directive of this name (so nproxy can say "not supported" instead of "unknown").
bool is_nginx_directive(std::string_view name);

// The closest directive name nproxy knows, for "did you mean"; empty when none is close.
std::string_view closest_directive(std::string_view name);

// The rows of each area of the table.
void add_main_rows(std::vector<Row>& rows);
void add_http_core_rows(std::vector<Row>& rows);
void add_request_body_rows(std::vector<Row>& rows);
void add_access_rows(std::vector<Row>& rows);
void add_headers_rows(std::vector<Row>& rows);
void add_limit_except_rows(std::vector<Row>& rows);
void add_status_rows(std::vector<Row>& rows);
void add_error_page_rows(std::vector<Row>& rows);
void add_http_server_rows(std::vector<Row>& rows);
void add_log_rows(std::vector<Row>& rows);
void add_proxy_rows(std::vector<Row>& rows);
void add_proxy_cookie_rows(std::vector<Row>& rows);
void add_proxy_cache_rows(std::vector<Row>& rows);
void add_rewrite_rows(std::vector<Row>& rows);
void add_ssl_rows(std::vector<Row>& rows);
void add_upstream_rows(std::vector<Row>& rows);
void add_resolver_rows(std::vector<Row>& rows);
void add_ssi_rows(std::vector<Row>& rows);
void add_sub_filter_rows(std::vector<Row>& rows);
void add_mirror_rows(std::vector<Row>& rows);
void add_auth_basic_rows(std::vector<Row>& rows);
void add_auth_request_rows(std::vector<Row>& rows);
void add_realip_rows(std::vector<Row>& rows);
void add_gzip_rows(std::vector<Row>& rows);
void add_map_rows(std::vector<Row>& rows);
void add_split_clients_rows(std::vector<Row>& rows);
void add_referer_rows(std::vector<Row>& rows);
void add_limit_req_rows(std::vector<Row>& rows);
void add_limit_conn_rows(std::vector<Row>& rows);
void add_geo_rows(std::vector<Row>& rows);
void add_charset_rows(std::vector<Row>& rows);
void add_http2_rows(std::vector<Row>& rows);
void add_proxy_store_rows(std::vector<Row>& rows);

}  // namespace confparse
