#include "proxy/variables.hpp"

#include "confparse/config.hpp"
#include "confparse/variables.hpp"
#include "proxy/basic_auth.hpp"
#include "proxy/browser.hpp"
#include "proxy/computed_variables.hpp"
#include "proxy/cookies.hpp"
#include "proxy/limit_conn.hpp"
#include "proxy/limit_req.hpp"
#include "proxy/connection_counters.hpp"
#include "proxy/gzip_stream.hpp"
#include "proxy/request_body.hpp"
#include "proxy/sent_fields.hpp"
#include "proxy/upstream_fields.hpp"
#include "tls/random.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <ctime>

namespace proxy {
namespace {

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// "$http_user_agent" reads the header "User-Agent": '_' stands for '-', case does not matter.
bool names_header(std::string_view variable, std::string_view header) {
    if (header.size() != variable.size()) return false;
    for (size_t i = 0; i < variable.size(); ++i) {
        char a = static_cast<char>(std::tolower(static_cast<unsigned char>(header[i])));
        if ((a == '-' ? '_' : a) != variable[i]) return false;
    }
    return true;
}

const std::string* header_by_variable(const std::vector<Header>& headers, std::string_view name) {
    for (const auto& h : headers) {
        if (names_header(name, h.name)) return &h.value;
    }
    return nullptr;
}

std::optional<std::string> upstream_field(std::string_view fields, std::string_view name) {
    std::optional<std::string> found;
    for_each_upstream_field(fields, [&](std::string_view, std::string_view header, std::string_view value) {
        if (!found && names_header(name, header)) found = std::string(value);
    });
    return found;
}

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// The values of every header line named `name`, joined by `separator`; nothing when there is none.
std::optional<std::string> joined_headers(const std::vector<Header>& headers, std::string_view name,
                                          std::string_view separator) {
    std::optional<std::string> joined;
    for (const auto& h : headers) {
        if (!same_name(h.name, name)) continue;
        if (joined) {
            *joined += separator;
            *joined += h.value;
        } else {
            joined = h.value;
        }
    }
    return joined;
}

// $cookie_NAME: the first Cookie header that holds the cookie
std::optional<std::string> request_cookie(const std::vector<Header>& headers, std::string_view name) {
    for (const auto& h : headers) {
        if (!same_name(h.name, "Cookie")) continue;
        if (auto value = cookie_in_header(h.value, name)) return std::string(*value);
    }
    return std::nullopt;
}

// $upstream_cookie_NAME: the first Set-Cookie of the upstream's response that sets the cookie
std::optional<std::string> upstream_cookie(std::string_view fields, std::string_view name) {
    std::optional<std::string> found;
    for_each_upstream_field(fields, [&](std::string_view, std::string_view header, std::string_view value) {
        if (found || !same_name(header, "Set-Cookie")) return;
        if (auto cookie = cookie_in_set_cookie(value, name)) found = std::string(*cookie);
    });
    return found;
}

std::optional<std::string> argument(const RequestContext& r, std::string_view name) {
    std::string_view args = r.args;
    while (!args.empty()) {
        size_t amp = args.find('&');
        std::string_view pair = args.substr(0, amp);
        size_t eq = pair.find('=');
        std::string_view key = pair.substr(0, eq);
        if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
            return std::string(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
        }
        if (amp == std::string_view::npos) break;
        args.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

std::string format_time(std::chrono::system_clock::time_point t, const char* format) {
    std::time_t secs = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    localtime_r(&secs, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, format, &tm);
    return buf;
}

std::string seconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", s < 0 ? 0 : s);
    return buf;
}

// nginx's lists over upstream attempts: "a, b".
template <class F>
std::optional<std::string> upstream_list(const RequestContext& r, F field) {
    if (r.upstream.empty()) return std::nullopt;
    std::string out;
    for (const auto& a : r.upstream) {
        if (!out.empty()) out += ", ";
        out += field(a);
    }
    return out;
}

// The address in network order: 4 bytes for IPv4, 16 for IPv6 (nginx's $binary_remote_addr).
std::string binary_address(const std::string& text) {
    unsigned char bytes[16];
    if (inet_pton(AF_INET, text.c_str(), bytes) == 1) return std::string(reinterpret_cast<char*>(bytes), 4);
    if (inet_pton(AF_INET6, text.c_str(), bytes) == 1) return std::string(reinterpret_cast<char*>(bytes), 16);
    return text;  // a unix-socket client: nginx gives the address as it is
}

std::string time_or_dash(double t) { return t < 0 ? "-" : seconds(t); }

// as nginx: a port of 0 is empty (a unix socket's connection has none, nor may a PROXY protocol header)
std::string port_text(int port) { return port ? std::to_string(port) : std::string(); }

// $time_iso8601's offset is "+00:00", where strftime's %z writes "+0000"
std::string iso8601_time(std::chrono::system_clock::time_point t) {
    std::string text = format_time(t, "%Y-%m-%dT%H:%M:%S%z");
    if (text.size() > 2) text.insert(text.size() - 2, 1, ':');
    return text;
}

// $hostname: as nginx, the machine's name read once and lower-cased
const std::string& host_name() {
    static const std::string name = [] {
        char buf[256] = {};
        ::gethostname(buf, sizeof buf - 1);
        std::string lower(buf);
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return lower;
    }();
    return name;
}

// $request_id: 16 random bytes in hex, made once per request
const std::string& request_id(const RequestContext& r) {
    if (r.request_id.empty()) {
        unsigned char bytes[16];
        tls::random_bytes(bytes, sizeof bytes);
        static const char digits[] = "0123456789abcdef";
        for (unsigned char b : bytes) {
            r.request_id += digits[b >> 4];
            r.request_id += digits[b & 15];
        }
    }
    return r.request_id;
}

// $tcpinfo_rtt, _rttvar, _snd_cwnd and _rcv_space of the client connection, nothing when unknown
std::optional<std::string> tcp_info_value(std::string_view name, int socket) {
    tcp_info info{};
    socklen_t size = sizeof info;
    if (socket < 0 || ::getsockopt(socket, IPPROTO_TCP, TCP_INFO, &info, &size) != 0) return std::nullopt;
    if (name == "tcpinfo_rtt") return std::to_string(info.tcpi_rtt);
    if (name == "tcpinfo_rttvar") return std::to_string(info.tcpi_rttvar);
    if (name == "tcpinfo_snd_cwnd") return std::to_string(info.tcpi_snd_cwnd);
    return std::to_string(info.tcpi_rcv_space);
}

std::optional<std::string> tls_value(std::string_view name, const tls::ConnectionInfo& t) {
    if (!t.active) return std::nullopt;
    if (name == "ssl_protocol") return t.protocol;
    if (name == "ssl_alpn_protocol") return t.alpn;
    if (name == "ssl_early_data") return std::string();  // nproxy's listeners take no early data
    if (name == "ssl_cipher") return t.cipher;
    if (name == "ssl_curve") return t.curve;
    // as nginx built with BoringSSL, which cannot list the groups a client offered
    if (name == "ssl_curves") return std::string();
    if (name == "ssl_session_id") return t.session_id;
    if (name == "ssl_session_reused") return std::string(t.session_reused ? "r" : ".");
    if (name == "ssl_server_name") return t.server_name.empty() ? std::nullopt : std::optional(t.server_name);
    if (name == "ssl_client_verify") return t.client_verify;
    if (name == "ssl_client_s_dn") return t.client_s_dn;
    if (name == "ssl_client_i_dn") return t.client_i_dn;
    if (name == "ssl_client_s_dn_legacy") return t.client_s_dn_legacy;
    if (name == "ssl_client_i_dn_legacy") return t.client_i_dn_legacy;
    if (name == "ssl_client_v_start") return t.client_v_start;
    if (name == "ssl_client_v_end") return t.client_v_end;
    if (name == "ssl_client_v_remain" && !t.client_v_end.empty()) {
        // as nginx: whole days left, 0 in the last day and after
        long long left = t.client_not_after - static_cast<long long>(std::time(nullptr));
        return std::to_string(left < 86400 ? 0 : left / 86400);
    }
    if (name == "ssl_client_serial") return t.client_serial;
    if (name == "ssl_client_fingerprint") return t.client_fingerprint;
    if (name == "ssl_client_raw_cert") return t.client_cert;
    if (name == "ssl_client_cert") {  // as nginx (deprecated form): lines after the first start with a tab
        std::string out;
        for (size_t i = 0; i < t.client_cert.size(); ++i) {
            if (t.client_cert[i] == '\n' && i + 1 < t.client_cert.size()) {
                out += "\n\t";
            } else if (t.client_cert[i] != '\n') {
                out += t.client_cert[i];
            }
        }
        return out;
    }
    if (name == "ssl_client_escaped_cert") {
        std::string out;
        for (unsigned char c : t.client_cert) {
            if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
                out += static_cast<char>(c);
            } else {
                char buf[4];
                std::snprintf(buf, sizeof buf, "%%%02X", c);
                out += buf;
            }
        }
        return out;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> variable_value(std::string_view name, const RequestContext& r) {
    const ConnectionContext& c = *r.connection;
    auto starts = [&](std::string_view p) { return name.size() > p.size() && name.substr(0, p.size()) == p; };
    if (auto it = r.variables.find(std::string(name)); it != r.variables.end()) return it->second;
    if (name.size() == 1 && name[0] >= '1' && name[0] <= '9') {  // a regex capture
        size_t n = static_cast<size_t>(name[0] - '0');
        return n < r.captures.size() ? r.captures[n] : std::string();
    }
    if (name.rfind("ssl_", 0) == 0) return tls_value(name, c.tls());
    // as nginx 1.22: of these two, every header line joined; of any other header, the first line
    if (name == "http_cookie") return joined_headers(r.headers, "Cookie", "; ");
    if (name == "http_x_forwarded_for") return joined_headers(r.headers, "X-Forwarded-For", ", ");
    if (starts("http_")) {
        const std::string* v = header_by_variable(r.headers, name.substr(5));
        return v ? std::optional(*v) : std::nullopt;
    }
    if (starts("upstream_http_")) return upstream_field(r.upstream_fields, name.substr(14));
    if (starts("arg_")) return argument(r, name.substr(4));
    if (starts("cookie_")) return request_cookie(r.headers, name.substr(7));
    if (starts("upstream_cookie_")) return upstream_cookie(r.upstream_fields, name.substr(16));
    if (name == "sent_http_connection") {
        if (r.sent_keep_alive < 0) return std::nullopt;
        if (r.sent_keep_alive == 2) return std::string("upgrade");
        return std::string(r.sent_keep_alive ? "keep-alive" : "close");
    }
    if (name == "sent_http_keep_alive") {
        const confparse::HttpScope* s = r.location ? &r.location->scope : r.server ? &r.server->scope : nullptr;
        if (r.sent_keep_alive != 1 || !s || *s->keepalive_header_timeout <= 0) return std::nullopt;
        return "timeout=" + std::to_string(*s->keepalive_header_timeout / 1000);
    }
    if (starts("sent_http_")) return sent_field(r.sent_head, name.substr(10));
    if (starts("sent_trailer_")) {
        const std::string* v = header_by_variable(r.sent_trailers, name.substr(13));
        return v ? std::optional(*v) : std::nullopt;
    }
    if (name == "limit_rate") {  // as nginx: what "set $limit_rate" gave, else the location's limit_rate
        const confparse::HttpScope* s = r.location ? &r.location->scope : r.server ? &r.server->scope : nullptr;
        return std::to_string(r.limit_rate.value_or(s ? s->limit_rate->size : 0));
    }
    if (name.rfind("connections_", 0) == 0 && c.counters) {
        const ConnectionCounters& n = *c.counters;
        if (name == "connections_active") return std::to_string(n.active.load());
        if (name == "connections_reading") return std::to_string(n.reading.load());
        if (name == "connections_writing") return std::to_string(n.writing.load());
        if (name == "connections_waiting") return std::to_string(n.waiting.load());
    }
    if (name == "connection_time") {
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - c.start).count();
        char buf[32];
        std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ms / 1000), static_cast<long long>(ms % 1000));
        return std::string(buf);
    }
    if (name == "host") return r.host;
    if (name == "limit_conn_status") {
        const char* status = limit_conn_status_name(r.limit_conn_status);
        return status ? std::optional<std::string>(status) : std::nullopt;
    }
    if (name == "limit_req_status") {
        const char* status = limit_req_status_name(r.limit_req_status);
        return status ? std::optional<std::string>(status) : std::nullopt;
    }
    if (name == "remote_addr") return r.client_address();
    if (name == "realip_remote_addr") return c.remote_addr;
    if (name == "remote_user") {
        const std::string* authorization = r.header("Authorization");
        return authorization ? basic_auth_user(*authorization) : std::nullopt;
    }
    if (name == "binary_remote_addr") return binary_address(r.client_address());
    if (name == "remote_port") {  // as nginx: empty when realip's address came without a port
        if (r.real_ip.empty()) return port_text(c.remote_port);
        return port_text(r.real_ip_port);
    }
    if (name == "realip_remote_port") return port_text(c.remote_port);
    if (name.rfind("proxy_protocol_", 0) == 0 && name.size() > 15) {
        if (!c.proxy_protocol) return std::nullopt;
        std::string_view which = name.substr(15);
        const ProxyProtocolAddresses& pp = *c.proxy_protocol;
        if (which == "addr") return pp.src_addr;
        if (which == "server_addr") return pp.dst_addr;
        if (which == "port") return port_text(pp.src_port);
        if (which == "server_port") return port_text(pp.dst_port);
    }
    if (name == "server_addr") return c.server_addr;
    if (name == "server_name") {  // as nginx: the first name as written, without a leading '.'
        if (!r.server || r.server->names.empty()) return std::string();
        const std::string& first = r.server->names.front().text;
        return first.substr(!first.empty() && first[0] == '.' ? 1 : 0);
    }
    if (name == "server_port") return port_text(c.server_port);
    if (name == "scheme") return std::string(c.https ? "https" : "http");
    if (name == "https") return std::string(c.https ? "on" : "");
    if (name == "request") return r.request_line;
    if (name == "request_method") return r.method;
    if (name == "request_uri") return r.request_uri;
    if (name == "uri" || name == "document_uri") return r.uri;
    if (name == "args" || name == "query_string") return r.has_args ? std::optional(r.args) : std::nullopt;
    if (name == "is_args") return std::string(r.has_args ? "?" : "");
    if (name == "server_protocol") {
        if (!r.as_sent.request_line.text.empty()) return std::string(r.as_sent.request_line.protocol());
        return std::string(r.http_version == 10 ? "HTTP/1.0" : "HTTP/1.1");
    }
    if (name == "status") {
        char buf[8];
        std::snprintf(buf, sizeof buf, "%03d", r.status);
        return std::string(buf);
    }
    if (name == "body_bytes_sent") return std::to_string(r.body_bytes_sent);
    if (name == "bytes_sent") return std::to_string(r.bytes_sent);
    if (name == "gzip_ratio") return r.gzip_out ? std::optional(gzip_ratio(r.gzip_in, r.gzip_out)) : std::nullopt;
    if (name == "request_time") {
        return seconds(std::chrono::duration<double>(std::chrono::steady_clock::now() - r.start).count());
    }
    if (name == "time_local") return format_time(std::chrono::system_clock::now(), "%d/%b/%Y:%H:%M:%S %z");
    if (name == "time_iso8601") return iso8601_time(std::chrono::system_clock::now());
    if (name == "date_local" || name == "date_gmt") return ssi_date(name == "date_gmt", kSsiTimeFormat);
    if (name == "msec") {
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count();
        char buf[32];
        std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ms / 1000), static_cast<long long>(ms % 1000));
        return std::string(buf);
    }
    if (name == "connection") return std::to_string(c.id);
    if (name == "connection_requests") return std::to_string(c.requests);
    if (name == "request_length") return std::to_string(r.request_length);
    if (name == "request_completion") return std::string(r.completed ? "OK" : "");
    if (name == "request_id") return request_id(r);
    if (name == "pipe") return std::string(r.pipelined ? "p" : ".");
    if (name == "hostname") return host_name();
    if (name.rfind("tcpinfo_", 0) == 0) return tcp_info_value(name, c.socket);
    if (name == "msie") {
        const std::string* agent = r.header("User-Agent");
        return std::string(agent && browser_of(*agent).msie ? "1" : "");
    }
    // as nginx without modern_browser and ancient_browser lists (nproxy has neither): every browser is ancient
    if (name == "ancient_browser") return std::string("1");
    if (name == "modern_browser") return std::string();
    if (name == "nginx_version") return std::string(NPROXY_NGINX_VERSION);
    if (name == "pid") return std::to_string(::getpid());
    if (name == "content_length") {
        const std::string* v = r.header("Content-Length");
        return v ? std::optional(*v) : std::nullopt;
    }
    if (name == "content_type") {
        const std::string* v = r.header("Content-Type");
        return v ? std::optional(*v) : std::nullopt;
    }
    if (name == "request_body") return request_body_value(r.body.get());
    if (name == "request_body_file") return request_body_file_value(r.body.get());
    if (name == "proxy_host") return r.proxy_host;
    if (name == "proxy_port") return r.proxy_port;
    if (name == "proxy_add_x_forwarded_for") {
        std::optional<std::string> forwarded = joined_headers(r.headers, "X-Forwarded-For", ", ");
        return forwarded ? *forwarded + ", " + r.client_address() : r.client_address();
    }
    if (name == "upstream_addr") return upstream_list(r, [](const UpstreamAttempt& a) { return a.addr; });
    if (name == "upstream_status") {
        return upstream_list(r, [](const UpstreamAttempt& a) { return a.status ? std::to_string(a.status) : "-"; });
    }
    if (name == "upstream_response_length") {
        return upstream_list(r, [](const UpstreamAttempt& a) {
            return a.response_length < 0 ? std::string("-") : std::to_string(a.response_length);
        });
    }
    if (name == "upstream_connect_time") return upstream_list(r, [](const UpstreamAttempt& a) { return time_or_dash(a.connect_time); });
    if (name == "upstream_header_time") return upstream_list(r, [](const UpstreamAttempt& a) { return time_or_dash(a.header_time); });
    if (name == "upstream_response_time") return upstream_list(r, [](const UpstreamAttempt& a) { return time_or_dash(a.response_time); });
    if (name == "upstream_bytes_sent") return upstream_list(r, [](const UpstreamAttempt& a) { return std::to_string(a.bytes_sent); });
    if (name == "upstream_bytes_received") return upstream_list(r, [](const UpstreamAttempt& a) { return std::to_string(a.bytes_received); });
    if (std::string computed; r.computed && r.computed->value(name, r, computed)) return computed;
    return r.unset_variable ? r.unset_variable(r, name) : std::nullopt;
}

std::string ssi_date(bool gmt, const char* format) {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    if (gmt) gmtime_r(&now, &tm);
    else localtime_r(&now, &tm);
    char text[256];
    return std::string(text, std::strftime(text, sizeof text, format, &tm));
}

Template::Template(std::string_view text) : source_(text) {
    size_t i = 0;
    while (i < text.size()) {
        if (text[i] != '$' || i + 1 >= text.size()) {
            size_t next = text.find('$', i + 1);
            if (next == std::string_view::npos) next = text.size();
            if (!parts_.empty() && !parts_.back().variable) {
                parts_.back().text.append(text.substr(i, next - i));
            } else {
                parts_.push_back({std::string(text.substr(i, next - i)), false});
            }
            i = next;
            continue;
        }
        bool bracket = text[i + 1] == '{';
        size_t start = i + (bracket ? 2 : 1);
        size_t end = start;
        bool capture = !bracket && start < text.size() && text[start] >= '1' && text[start] <= '9';
        if (capture) ++end;  // as nginx: "$12" is capture 1 and a "2"
        while (!capture && end < text.size() && is_name_char(text[end])) ++end;
        parts_.push_back({confparse::variable_key(text.substr(start, end - start)), true});
        constant_ = false;
        i = bracket ? end + 1 : end;
    }
}

namespace {

// One character as ngx_escape_json writes it: \" and \\, the short forms, else \u00XX.
void append_json_escape(std::string& out, unsigned char ch) {
    static const char short_forms[][2] = {{'\n', 'n'}, {'\r', 'r'}, {'\t', 't'}, {'\b', 'b'}, {'\f', 'f'}};
    out += '\\';
    if (ch == '"' || ch == '\\') {
        out += static_cast<char>(ch);
        return;
    }
    for (const auto& f : short_forms) {
        if (ch == static_cast<unsigned char>(f[0])) {
            out += f[1];
            return;
        }
    }
    char buf[8];
    std::snprintf(buf, sizeof buf, "u%04X", ch);
    out += buf;
}

}  // namespace

std::string Template::render(const RequestContext& r, Missing missing, Escape escape) const {
    std::string out;
    render_into(out, r, missing, escape);
    return out;
}

void Template::render_into(std::string& out, const RequestContext& r, Missing missing, Escape escape) const {
    for (const Part& p : parts_) {
        if (!p.variable) {
            out += p.text;
            continue;
        }
        auto v = variable_value(p.text, r);
        if (!v) {
            // as nginx's log module: "-" only in the default escaping; json and none leave it empty
            if (missing == Missing::Dash && escape == Escape::Default) out += '-';
            continue;
        }
        if (escape == Escape::None) {
            out += *v;
            continue;
        }
        for (unsigned char ch : *v) {
            bool plain = escape == Escape::Default ? (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\')
                                                   : (ch >= 0x20 && ch != '"' && ch != '\\');
            if (plain) {
                out += static_cast<char>(ch);
            } else if (escape == Escape::Json) {
                append_json_escape(out, ch);
            } else {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02X", ch);
                out += buf;
            }
        }
    }
}

}  // namespace proxy
