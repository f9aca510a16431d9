#include "confparse/variables.hpp"

#include <strings.h>

#include <algorithm>
#include <iterator>

namespace confparse {
namespace {

// nginx 1.22's built-in variables (those of the modules nproxy behaves as).
const std::string_view kNames[] = {
    "ancient_browser", "binary_remote_addr", "body_bytes_sent", "bytes_sent", "connection",
    "connection_requests", "connection_time", "connections_active", "connections_reading",
    "connections_waiting", "connections_writing", "content_length", "content_type", "date_gmt",
    "date_local", "document_root", "document_uri", "fastcgi_path_info", "fastcgi_script_name",
    "grpc_internal_trailers", "host", "hostname", "http_cookie", "http_host", "http_referer",
    "http_user_agent", "http_via", "http_x_forwarded_for", "https", "is_args", "limit_conn_status",
    "limit_req_status", "modern_browser", "msec", "msie", "nginx_version", "pid", "pipe",
    "proxy_add_via", "proxy_add_x_forwarded_for", "proxy_host", "proxy_internal_body_length",
    "proxy_internal_chunked", "proxy_port", "proxy_protocol_addr", "proxy_protocol_port",
    "proxy_protocol_server_addr", "proxy_protocol_server_port", "query_string", "realip_remote_addr",
    "realip_remote_port", "realpath_root", "remote_addr", "remote_port", "remote_user", "request",
    "request_body", "request_body_file", "request_completion", "request_filename", "request_id",
    "request_length", "request_method", "request_time", "request_uri", "scheme",
    "sent_http_cache_control", "sent_http_connection", "sent_http_content_length",
    "sent_http_content_type", "sent_http_keep_alive", "sent_http_last_modified", "sent_http_link",
    "sent_http_location", "sent_http_transfer_encoding", "server_addr", "server_name", "server_port",
    "server_protocol", "ssl_alpn_protocol", "ssl_cipher", "ssl_ciphers", "ssl_client_cert",
    "ssl_client_escaped_cert", "ssl_client_fingerprint", "ssl_client_i_dn", "ssl_client_i_dn_legacy",
    "ssl_client_raw_cert", "ssl_client_s_dn", "ssl_client_s_dn_legacy", "ssl_client_serial",
    "ssl_client_v_end", "ssl_client_v_remain", "ssl_client_v_start", "ssl_client_verify", "ssl_curve",
    "ssl_curves", "ssl_early_data", "ssl_protocol", "ssl_server_name", "ssl_session_id",
    "ssl_session_reused", "status", "tcpinfo_rcv_space", "tcpinfo_rtt", "tcpinfo_rttvar",
    "tcpinfo_snd_cwnd", "time_iso8601", "time_local", "upstream_addr", "upstream_bytes_received",
    "upstream_bytes_sent", "upstream_cache_etag", "upstream_cache_last_modified",
    "upstream_cache_status", "upstream_connect_time", "upstream_header_time",
    "upstream_response_length", "upstream_response_time", "upstream_status", "uri",
    "args", "limit_rate", "gzip_ratio", "invalid_referer",
};

// Families named by a prefix: $http_NAME, $arg_NAME, ...
const std::string_view kPrefixes[] = {
    "http_", "sent_http_", "sent_trailer_", "cookie_", "arg_", "upstream_http_", "upstream_trailer_",
    "upstream_cookie_",
};

}  // namespace

bool is_builtin_variable(std::string_view name) {
    return std::any_of(std::begin(kNames), std::end(kNames), [&](std::string_view n) {
        return n.size() == name.size() && strncasecmp(n.data(), name.data(), n.size()) == 0;
    });
}

std::string variable_key(std::string_view name) {
    std::string key(name);
    for (char& c : key) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
    }
    return key;
}

bool is_known_variable(std::string_view name) {
    if (std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames)) return true;
    return std::any_of(std::begin(kPrefixes), std::end(kPrefixes), [&](std::string_view p) {
        return name.size() >= p.size() && name.substr(0, p.size()) == p;  // as nginx: "$http_" itself too
    });
}

}  // namespace confparse
