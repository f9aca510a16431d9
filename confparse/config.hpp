#pragma once
// The typed, validated configuration: the only view of nginx.conf the rest of nproxy reads.
// Built once per load by confparse::load(); immutable afterwards. Per-location settings are already
// merged as nginx merges them (http -> server -> location), so every Setting in a Location is set.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "confparse/error.hpp"
#include "confparse/expires.hpp"
#include "confparse/geo_config.hpp"
#include "confparse/gzip_config.hpp"
#include "confparse/limit_conn_config.hpp"
#include "confparse/limit_req_config.hpp"
#include "confparse/map_config.hpp"
#include "confparse/referer_config.hpp"
#include "confparse/setting.hpp"
#include "confparse/split_clients_config.hpp"

namespace confparse {

using Msec = std::int64_t;  // milliseconds
using Size = std::int64_t;  // bytes

// A size that may be written with variables (nginx's complex value of a size): `text` when it has them,
// evaluated per request (a value that is no size counting as 0); otherwise `size`.
struct VariableSize {
    Size size = 0;
    std::string text;
};

// nginx's protocol bits (ngx_ssl_protocols): what ssl_protocols / proxy_ssl_protocols name.
enum Protocol : unsigned {
    kSSLv2 = 1u << 1,
    kSSLv3 = 1u << 2,
    kTLSv1 = 1u << 3,
    kTLSv1_1 = 1u << 4,
    kTLSv1_2 = 1u << 5,
    kTLSv1_3 = 1u << 6,
};

enum class VerifyClient { Off, On, Optional, OptionalNoCa };
// keepalive_disable: the browsers whose requests end their connection (nginx's bits)
inline constexpr unsigned kKeepaliveDisableNone = 1u << 0;
inline constexpr unsigned kKeepaliveDisableMsie6 = 1u << 1;
inline constexpr unsigned kKeepaliveDisableSafari = 1u << 2;
enum class LogLevel { Emerg, Alert, Crit, Error, Warn, Notice, Info, Debug };
enum class ServerTokens { Off, On, Build };
enum class IfModifiedSince { Off, Exact, Before };
enum class Satisfy { All, Any };
enum class GzipStatic { Off, On, Always };

// proxy_next_upstream conditions (nginx's NGX_HTTP_UPSTREAM_FT_* bits).
enum NextUpstream : unsigned {
    kNextError = 1u << 1,
    kNextTimeout = 1u << 2,
    kNextInvalidHeader = 1u << 3,
    kNextHttp500 = 1u << 4,
    kNextHttp502 = 1u << 5,
    kNextHttp503 = 1u << 6,
    kNextHttp504 = 1u << 7,
    kNextHttp403 = 1u << 8,
    kNextHttp404 = 1u << 9,
    kNextHttp429 = 1u << 10,
    kNextUpdating = 1u << 11,
    kNextNonIdempotent = 1u << 14,
    kNextOff = 1u << 30,
};

// proxy_ignore_headers: the upstream's header fields not acted on (nginx's NGX_HTTP_UPSTREAM_IGN_* bits).
// nproxy acts on X-Accel-Redirect, X-Accel-Limit-Rate and X-Accel-Charset; the others steer nginx's cache
// and buffering, which nproxy has not.
enum IgnoreHeaders : unsigned {
    kIgnoreXAccelRedirect = 1u << 1,
    kIgnoreXAccelExpires = 1u << 2,
    kIgnoreExpires = 1u << 3,
    kIgnoreCacheControl = 1u << 4,
    kIgnoreSetCookie = 1u << 5,
    kIgnoreXAccelLimitRate = 1u << 6,
    kIgnoreXAccelBuffering = 1u << 7,
    kIgnoreXAccelCharset = 1u << 8,
    kIgnoreVary = 1u << 9,
};

struct KeyValue {
    std::string key;
    std::string value;
};

// One sub_filter pair: the text looked for, lower-cased (nginx lower-cases the whole argument, variables'
// names included, and a rendered value at run time), and what takes its place; both may hold variables.
struct SubFilterPair {
    std::string match;
    std::string replacement;
};

struct AddHeader {
    std::string name;
    std::string value;  // may hold variables
    bool always = false;
};

// auth_request_set: a variable the main request takes from the auth subrequest's context.
struct AuthRequestSet {
    std::string name;   // without its '$'
    std::string value;  // may hold variables
};

// A log sent to syslog: "syslog:server=ADDRESS[,facility=F][,severity=S][,tag=T][,nohostname]".
struct SyslogPeer {
    std::string server;  // "ip:port", "[ip6]:port" (the port 514 unless given) or "unix:PATH"
    int facility = 23;   // local7
    int severity = 6;    // info; an error_log line goes at its own level
    std::string tag = "nginx";
    bool hostname = true;
};

struct ErrorLog {
    std::string path;  // full path, "stderr", or the "syslog:..." argument
    LogLevel level = LogLevel::Error;
    std::optional<SyslogPeer> syslog;
    SourceRef where;
};

struct AccessLog {
    bool off = false;
    std::string path;  // full path (may hold variables), or the "syslog:..." argument
    std::optional<SyslogPeer> syslog;
    std::string format = "combined";
    Size buffer = 0;
    Msec flush = 0;
    int gzip = 0;           // gzip[=level]: each buffer written as a gzip member at this level; 0: plain
    std::string condition;  // the if= value, empty when absent
    SourceRef where;
};

// open_log_file_cache: how long the descriptors of access logs whose names hold variables stay open.
// Each directive is a cache of its own, shared by the levels that inherit it; `max` 0 is "off".
struct OpenLogFileCache {
    std::int64_t max = 0;
    std::int64_t inactive = 10;  // seconds unused before a file is closed
    std::int64_t min_uses = 1;   // uses within `inactive` before a descriptor is kept open
    std::int64_t valid = 60;     // seconds before a kept name is checked again (renamed, removed)
    SourceRef where;
};

struct LogFormat {
    std::string name;
    std::string escape = "default";  // default | json | none
    std::string text;                // the format strings joined, variables not yet compiled
    SourceRef where;
};

struct SslSessionCache {
    bool off = false;        // "off": no caching at all (session ids not issued)
    bool none = true;        // "none": the default; ids issued, nothing stored
    Size builtin = 0;        // builtin[:size] sessions; 0 when not used
    std::string shared_name; // shared:name:size; empty when not used
    Size shared_size = 0;
};

// One allow or deny rule (nginx's access module), checked in the order written; the first that matches
// the client's address decides.
struct AccessRule {
    enum class Family { Inet, Inet6, Unix, All };
    Family family = Family::All;
    bool deny = false;
    // Inet: the first 4 bytes, in network order; Inet6: all 16. The address is already masked.
    std::array<std::uint8_t, 16> addr{};
    std::array<std::uint8_t, 16> mask{};
};

// One error_page directive: the codes it answers and where they go.
struct ErrorPage {
    std::vector<int> codes;
    int overwrite = -1;   // "=code": the answer's code; 0 for "=": the redirected request's own; -1: none
    std::string uri;      // a URI ("/..."), a named location ("@..."), else a redirect's target; may hold variables
    std::string args;     // a constant URI's arguments, split off at its '?'
    bool has_variables = false;
};

// proxy_bind: the local address upstream connections are bound to; none when `address` is empty ("off")
struct ProxyBind {
    std::string address;  // "addr[:port]", or a text with variables rendered per request
    bool transparent = false;
};

// One proxy_redirect rule: a Location (or Refresh url=) that starts with `pattern`, or matches it as a
// regex, is rewritten to `replacement`. proxy_cookie_path's rules are the same; proxy_cookie_domain's
// too, but a Prefix one there is a whole domain, compared without case and without its leading '.'.
struct RedirectRule {
    enum class Kind { Prefix, Regex, RegexCaseless };
    Kind kind = Kind::Prefix;
    std::string pattern;      // a prefix (may hold variables) or a regex
    std::string replacement;  // may hold variables (and a regex's $1..$9)
    SourceRef where;
};

// What proxy_redirect says for a level: "off", or the rules tried in order (an explicit "default" is one).
struct ProxyRedirects {
    bool off = false;
    std::vector<RedirectRule> rules;
};

// One proxy_cookie_flags rule: the cookie it is for (a name compared without case, which may hold
// variables, or a caseless regex) and its flags, which may hold variables and are read per response.
struct CookieFlagsRule {
    std::string cookie;
    bool regex = false;
    std::vector<std::string> flags;
    SourceRef where;
};

// A folder for temporary files and nginx's levels of hashed subfolders ("client_body_temp_path path 1 2").
struct TempPath {
    std::string path;         // absolute, without a trailing '/'; empty: the prefix's "client_body_temp"
    std::vector<int> levels;  // digits per subfolder level, at most 3 levels
};

// client_body_in_file_only: off, on (the file is kept), clean (removed once the request is done).
enum class BodyInFile { Off, On, Clean };

struct LargeBuffers {
    std::int64_t count = 4;
    Size size = 8192;
};

// The settings of one http, server or location level (nginx's srv and loc confs, merged into one shape:
// server-level directives such as ssl_* simply never appear in a location's own text).
// ssl_password_file / proxy_ssl_password_file: the file and the passphrases read from it at parse time.
struct PasswordFile {
    std::string path;
    std::vector<std::string> passwords;
};

// resolver: the name servers ("ip:port", numeric) that names in a proxy_pass with variables are resolved
// with, and how long an answer is kept (valid=, seconds; 0: the answer's TTL).
struct ResolverSettings {
    std::vector<std::string> servers;  // empty: nginx's dummy resolver ("no resolver defined")
    std::int64_t valid = 0;
    bool ipv6 = true;
};

// charset, source_charset: off, a charset's name, or a variable that names one per request.
struct CharsetName {
    enum class Kind { Off, Name, Variable };
    Kind kind = Kind::Off;
    // a Name in its first spelling in the configuration (nginx keeps one per charset, whatever the case);
    // a Variable's name, without '$'
    std::string name;
};

// A charset_map block: its two charsets (each in its first spelling) and, between two single-byte charsets,
// the byte each byte becomes either way ('?' for the bytes from 128 on that the block does not name). A map
// to or from UTF-8 is checked, not kept: nproxy recodes single-byte charsets only.
using CharsetTable = std::array<unsigned char, 256>;
struct CharsetMap {
    std::string from;
    std::string to;
    bool utf8 = false;
    CharsetTable forward{};
    CharsetTable backward{};
    SourceRef where;
};

inline constexpr std::size_t kWholeAlias = static_cast<std::size_t>(-1);

struct HttpScope {
    // core
    Setting<std::string> root;  // absolute unless it starts with a variable (as nginx's, then made so per request)
    // 0 for a root; for an alias, the length of its location's name, the part of a URI it takes the place
    // of, or kWholeAlias in a regex location, where the alias (with its captures) is the whole path
    Setting<std::size_t> alias_length;
    Setting<std::vector<std::string>> index;
    // realip: the proxies trusted to name the client (set_real_ip_from), the header they name it in, and
    // whether to walk back past them
    Setting<std::vector<GeoNetwork>> real_ip_from;
    Setting<std::string> real_ip_header;
    Setting<bool> real_ip_recursive;
    // auth_basic: the realm ("off": none), and the user file (absolute unless a variable starts it)
    Setting<std::string> auth_basic;
    Setting<std::string> auth_basic_user_file;
    Setting<std::string> default_type;
    Setting<std::shared_ptr<const std::map<std::string, std::string>>> types;  // extension -> MIME type
    Setting<std::vector<AddHeader>> add_header;
    Setting<std::vector<AddHeader>> add_trailer;  // sent after a chunked body (HTTP/1.1)
    Setting<Size> subrequest_output_buffer_size;  // what a subrequest kept in memory (SSI set=) may hold
    Setting<std::string> post_action;  // a URI or @named location run after the answer; "" none
    Setting<Expires> expires;
    Setting<std::vector<AccessLog>> access_log;
    Setting<OpenLogFileCache> open_log_file_cache;
    Setting<std::vector<ErrorLog>> error_log;
    Setting<Msec> keepalive_timeout;
    Setting<Msec> keepalive_header_timeout;
    Setting<std::int64_t> keepalive_requests;
    Setting<Msec> keepalive_time;
    Setting<unsigned> keepalive_disable;  // kKeepaliveDisable* bits
    Setting<Size> client_max_body_size;
    Setting<Size> client_body_buffer_size;
    Setting<VariableSize> limit_rate;        // bytes per second a response is sent at, 0: no limit
    Setting<VariableSize> limit_rate_after;  // bytes sent before limit_rate applies
    Setting<BodyInFile> client_body_in_file_only;
    Setting<TempPath> client_body_temp_path;
    Setting<Size> client_header_buffer_size;
    Setting<Size> connection_pool_size;
    Setting<LargeBuffers> large_client_header_buffers;
    Setting<Msec> client_header_timeout;
    Setting<Msec> client_body_timeout;
    Setting<Msec> send_timeout;
    Setting<bool> sendfile;
    Setting<bool> tcp_nopush;
    Setting<bool> tcp_nodelay;
    Setting<ServerTokens> server_tokens;
    Setting<bool> msie_padding;  // error pages to MSIE and Chrome padded past their "friendly" page's limit
    Setting<bool> msie_refresh;  // redirects to MSIE sent as a page that refreshes to the Location
    Setting<bool> underscores_in_headers;
    Setting<bool> ignore_invalid_headers;
    Setting<bool> reset_timedout_connection;
    Setting<std::string> lingering_close;
    Setting<Msec> lingering_time;
    Setting<Msec> lingering_timeout;
    Setting<bool> absolute_redirect;
    Setting<bool> server_name_in_redirect;
    Setting<bool> port_in_redirect;
    Setting<bool> log_not_found;
    Setting<bool> log_subrequest;  // a subrequest (a mirror's) writes its own access log line
    Setting<IfModifiedSince> if_modified_since;
    Setting<std::int64_t> max_ranges;
    Setting<bool> chunked_transfer_encoding;
    Setting<bool> merge_slashes;
    Setting<std::vector<ErrorPage>> error_page;
    Setting<bool> recursive_error_pages;

    // access: allow and deny, in the order written (a level with rules of its own inherits none)
    Setting<std::vector<AccessRule>> access;
    // satisfy: whether every access module must let a request on (all) or one is enough (any)
    Setting<Satisfy> satisfy;
    // auth_delay: how long the access phase's 401 waits before it goes out (0: not at all)
    Setting<Msec> auth_delay;
    // auth_request: the URI whose subrequest lets a request on ("": off), and the variables auth_request_set
    // takes from it (a level with some of its own inherits none)
    Setting<std::string> auth_request;
    Setting<std::vector<AuthRequestSet>> auth_request_set;

    // ssi (the types hold text/html and the lower-cased types named; "*" is any)
    Setting<bool> ssi;
    Setting<std::vector<std::string>> ssi_types;
    Setting<bool> ssi_silent_errors;
    Setting<Size> ssi_value_length;
    Setting<bool> ssi_last_modified;

    // sub_filter (the pairs of a level with none of its own are its parent's; the types as ssi_types')
    Setting<std::vector<SubFilterPair>> sub_filter;
    Setting<bool> sub_filter_once;
    Setting<std::vector<std::string>> sub_filter_types;
    Setting<bool> sub_filter_last_modified;

    // mirror: the URIs a main request is copied to (set and empty after "mirror off"), and whether its body goes
    Setting<std::vector<std::string>> mirror;
    Setting<bool> mirror_request_body;

    // gzip (the types hold text/html and the lower-cased types named; "*" is any)
    Setting<bool> gzip;
    Setting<std::vector<std::string>> gzip_types;
    Setting<Size> gzip_min_length;
    Setting<std::int64_t> gzip_comp_level;
    Setting<GzipBuffers> gzip_buffers;
    Setting<int> gzip_window;  // zlib's window bits (9..15)
    Setting<int> gzip_hash;    // zlib's memory level (1..9)
    Setting<int> gzip_http_version;  // 10 or 11
    Setting<unsigned> gzip_proxied;  // kGzipProxied* bits
    Setting<bool> gzip_vary;
    // gzip_disable: the regexes and "msie6" inherit apart, as nginx's (a level naming only regexes keeps
    // its parent's msie6)
    Setting<std::vector<GzipDisablePattern>> gzip_disable;
    Setting<bool> gzip_disable_msie6;
    Setting<GzipStatic> gzip_static;  // serve FILE.gz beside FILE, Content-Encoding: gzip

    // charset (the types hold text/html and the lower-cased types named; "*" is any)
    Setting<CharsetName> charset;
    Setting<CharsetName> source_charset;
    Setting<bool> override_charset;
    Setting<std::vector<std::string>> charset_types;

    // referer: a level's own valid_referers, its server_names and (when it has none of its own) its parent's
    // regexes added once merged; a level without any takes its parent's whole
    Setting<std::shared_ptr<ValidReferers>> valid_referers;
    Setting<std::int64_t> referer_hash_max_size;
    Setting<std::int64_t> referer_hash_bucket_size;

    // rewrite
    Setting<bool> rewrite_log;
    Setting<bool> uninitialized_variable_warn;

    // limit_req: the limits, in the order written (a level with its own inherits none)
    Setting<std::vector<LimitReq>> limit_req;
    Setting<LogLevel> limit_req_log_level;
    Setting<std::int64_t> limit_req_status;
    Setting<bool> limit_req_dry_run;
    // limit_conn: the limits, in the order written (a level with its own inherits none)
    Setting<std::vector<LimitConn>> limit_conn;
    Setting<LogLevel> limit_conn_log_level;
    Setting<std::int64_t> limit_conn_status;
    Setting<bool> limit_conn_dry_run;

    // proxy
    Setting<std::vector<KeyValue>> proxy_set_header;
    Setting<std::vector<std::string>> proxy_hide_header;
    Setting<std::vector<std::string>> proxy_pass_header;
    Setting<int> proxy_http_version;  // 10 or 11
    Setting<Msec> proxy_connect_timeout;
    Setting<ResolverSettings> resolver;
    Setting<Msec> resolver_timeout;
    Setting<Msec> proxy_read_timeout;
    Setting<Msec> proxy_send_timeout;
    Setting<unsigned> proxy_next_upstream;
    Setting<std::int64_t> proxy_next_upstream_tries;
    Setting<Msec> proxy_next_upstream_timeout;
    Setting<bool> proxy_buffering;
    Setting<unsigned> proxy_ignore_headers;  // kIgnore* bits
    Setting<Size> proxy_limit_rate;          // bytes per second an answer is read at, 0: no limit
    // Read as nginx reads them and not used: nproxy keeps no hash of header names, and sets no low-water
    // mark (nginx on Linux ignores proxy_send_lowat too) nor reads files ahead.
    Setting<std::int64_t> proxy_headers_hash_max_size, proxy_headers_hash_bucket_size;
    Setting<Size> proxy_send_lowat, read_ahead;
    Setting<bool> proxy_request_buffering;
    Setting<Size> proxy_buffer_size;
    Setting<bool> proxy_pass_request_headers;
    Setting<bool> proxy_pass_request_body;
    Setting<bool> proxy_intercept_errors;
    // Unset after merging where neither a level nor a proxy_pass gave rules (always at http and server level).
    Setting<ProxyRedirects> proxy_redirect;
    // proxy_cookie_domain, _path and _flags: rules tried in order; empty after "off" or where no level
    // has any (a level with rules of its own inherits none)
    Setting<std::vector<RedirectRule>> proxy_cookie_domain;
    Setting<std::vector<RedirectRule>> proxy_cookie_path;
    Setting<std::vector<CookieFlagsRule>> proxy_cookie_flags;
    Setting<std::string> proxy_method;  // may hold variables; empty: the request's own
    Setting<ProxyBind> proxy_bind;
    Setting<std::string> proxy_set_body;  // may hold variables; empty: the client's body goes upstream
    Setting<bool> proxy_ignore_client_abort;
    Setting<bool> proxy_force_ranges;
    Setting<bool> proxy_socket_keepalive;
    // The proxy cache's settings: read and checked as nginx does, never used, as nproxy does not cache.
    // Kept so that a level setting one twice is "duplicate" and proxy_cache's zone is checked once merged.
    Setting<std::string> proxy_cache;  // a zone's name, a value with variables, or "" for "off"
    // proxy_store: "" off, "on" the file root or alias maps the URI to, else a path (variables)
    Setting<std::string> proxy_store;
    Setting<unsigned> proxy_store_access;  // the stored files' mode (their folders' gets x where r is)
    Setting<std::string> proxy_cache_key;
    Setting<std::int64_t> proxy_cache_min_uses;
    Setting<Size> proxy_cache_max_range_offset;
    Setting<unsigned> proxy_cache_use_stale;  // kNext* bits
    Setting<unsigned> proxy_cache_methods;
    Setting<bool> proxy_cache_lock, proxy_cache_revalidate, proxy_cache_convert_head, proxy_cache_background_update;
    Setting<Msec> proxy_cache_lock_timeout, proxy_cache_lock_age;

    // TLS to upstreams
    Setting<std::string> proxy_ssl_certificate;
    Setting<std::string> proxy_ssl_certificate_key;
    Setting<PasswordFile> proxy_ssl_password_file;
    Setting<std::string> proxy_ssl_trusted_certificate;
    Setting<std::string> proxy_ssl_crl;
    Setting<bool> proxy_ssl_verify;
    Setting<std::int64_t> proxy_ssl_verify_depth;
    Setting<bool> proxy_ssl_session_reuse;
    Setting<unsigned> proxy_ssl_protocols;
    Setting<std::string> proxy_ssl_ciphers;
    Setting<std::string> proxy_ssl_name;  // empty: the host of proxy_pass
    Setting<bool> proxy_ssl_server_name;

    // TLS for clients (server level)
    Setting<bool> ssl;
    Setting<std::vector<std::string>> ssl_certificate;
    Setting<std::vector<std::string>> ssl_certificate_key;
    Setting<PasswordFile> ssl_password_file;
    Setting<std::string> ssl_client_certificate;
    Setting<std::string> ssl_trusted_certificate;
    Setting<std::string> ssl_crl;
    Setting<VerifyClient> ssl_verify_client;
    Setting<std::int64_t> ssl_verify_depth;
    Setting<unsigned> ssl_protocols;
    Setting<std::string> ssl_ciphers;
    Setting<std::string> ssl_ecdh_curve;
    Setting<bool> ssl_prefer_server_ciphers;
    Setting<SslSessionCache> ssl_session_cache;
    Setting<std::int64_t> ssl_session_timeout;  // seconds
    Setting<bool> ssl_session_tickets;
    // Its `where` is the closing '}' of http: nginx reads these files while merging, and names that line.
    Setting<std::vector<std::string>> ssl_session_ticket_key;
    Setting<Size> ssl_buffer_size;
    Setting<bool> ssl_reject_handshake;
    Setting<bool> ssl_stapling;
    Setting<std::string> ssl_stapling_file;  // the full path; empty: none
    Setting<bool> ssl_ocsp;                  // "on" or "leaf" (refused when the server's context is built)
    // Read as nginx reads them (a level's second is refused) and not used: nproxy fetches no OCSP response.
    Setting<bool> ssl_stapling_verify;
    Setting<std::string> ssl_stapling_responder, ssl_ocsp_responder, ssl_ocsp_cache;
};

struct Listen {
    std::string text;     // as written: "127.0.0.1:8443", "[::]:443", "8080"
    std::string host;     // "" or "*" for any address
    bool ipv6 = false;
    int port = 80;        // 0 for a unix socket
    std::string unix_path;  // "listen unix:PATH": the socket's path; empty for TCP
    std::vector<std::string> addresses;  // numeric "ip:port" / "[ip6]:port" (a host name may give several)
    bool ssl = false;
    bool proxy_protocol = false;
    bool default_server = false;
    bool reuseport = false;
    int backlog = -1;     // -1: the system's default (nginx: 511)
    SourceRef where;
};

struct ServerName {
    enum class Kind { Exact, WildcardStart, WildcardEnd, Regex };
    Kind kind = Kind::Exact;
    std::string name;  // lower-cased; for a regex, the pattern without the leading '~'
    std::string text;  // as written (lower-cased unless a regex)
    bool captures = false;  // a regex with capturing groups
    SourceRef where;        // the server_name directive (a regex is reported there)
};

struct ReturnAction {
    int code = 0;          // 0 when unset
    std::string text;      // body text or redirect URL; may hold variables
    bool has_text = false;
    SourceRef where;
};

// The condition of an "if" block, as nginx's rewrite module reads "(...)".
struct IfCondition {
    enum class Kind { Variable, Equal, NotEqual, Match, File };
    Kind kind = Kind::Variable;
    std::string variable;  // the tested variable's name (all kinds but File)
    std::string operand;   // Equal/NotEqual: a value; Match: the regex; File: the path (values may hold variables)
    bool caseless = false;  // "~*", "!~*"
    bool negative = false;  // "!~", "!~*", "!-f", ...
    char file_test = 'f';   // File: 'f', 'd', 'e' or 'x'
};

// One step of a server's or location's rewrite phase (set, if, rewrite, return, break), run in the order
// written, as nginx's rewrite module compiles them into one code array per level.
struct RewriteStep {
    enum class Kind { Set, If, Rewrite, Return, Break };
    Kind kind = Kind::Break;
    SourceRef where;
    std::string name;     // Set: the variable's name
    std::string value;    // Set: the value; Rewrite: the replacement without a final '?' (both may hold variables)
    std::string pattern;  // Rewrite: the regex
    int redirect = 0;     // Rewrite: 301 or 302 when it answers with a redirect
    bool last = false;    // Rewrite: stop the steps when it matches (last, break, redirect, permanent)
    bool break_cycle = false;  // Rewrite "break": stop and keep the location
    bool add_args = true;      // Rewrite: append the request's arguments (no final '?')
    ReturnAction ret;          // Return
    IfCondition condition;     // If
    std::vector<RewriteStep> steps;  // If: the steps inside its block
    // If in a location: its nameless location (nginx's "if in location") among the enclosing location's
    // `locations`, whose settings apply when the condition holds; -1 at server level.
    long location = -1;
};

struct ProxyPass {
    std::string url;          // as written
    bool https = false;       // with variables: the URL may say https (its scheme is not known until then)
    std::string host;         // host part: an upstream name, a host name or an address
    std::string host_text;    // the same as the URL writes it (an IPv6 address in brackets), for $proxy_host
    int port = 0;             // 0: none written (80 or 443 by scheme)
    bool has_port = false;
    std::string uri;          // the URI part, empty when none
    bool has_uri = false;
    bool has_variables = false;
    size_t upstream = 0;      // index into Http::upstreams (when no variables)
    bool unix_socket = false; // "http://unix:PATH:URI": `host` is the path, `host_text` "localhost" (nginx's)
    SourceRef where;
};

struct Location {
    // If: the nameless location of an "if" block, never chosen by URI (it has its parent's pattern).
    // LimitExcept: the same for a limit_except block, used for the methods not in allowed_methods.
    enum class Match { Prefix, Exact, PrefixNoRegex, Regex, RegexCaseless, Named, If, LimitExcept };
    Match match = Match::Prefix;
    std::string pattern;
    SourceRef where;
    HttpScope scope;
    std::vector<RewriteStep> rewrite;
    bool stub_status = false;  // answers with nginx's stub_status page
    bool nproxy_status = false;  // answers with nproxy's status page (HTML, JSON, Prometheus)
    bool internal = false;     // "internal": only internal redirects (error_page) may use it
    // as nginx's auto_redirect: a name ending in '/' with proxy_pass answers its name without the '/' with 301
    bool auto_redirect = false;
    ProxyPass proxy_pass;  // proxy_pass.url empty when none
    // try_files as written (empty when none): as nginx, a level's own, never inherited
    std::vector<std::string> try_files;
    std::vector<std::string> allowed_methods;  // LimitExcept: upper case, HEAD added with GET
    std::vector<Location> locations;
};

struct Server {
    SourceRef where;
    HttpScope scope;
    std::vector<Listen> listens;  // the default "*:80" is added when none is written
    std::vector<ServerName> names;
    std::vector<RewriteStep> rewrite;  // the server rewrite phase, before a location is chosen
    bool stub_status = false;
    std::vector<std::string> try_files;  // for a URI no location matches
    std::vector<Location> locations;
};

// A keys zone of proxy_cache_path, or a name proxy_cache gave before any proxy_cache_path declared it:
// nginx's shared memory zone of the proxy module, which nproxy never creates.
struct ProxyCacheZone {
    std::string name;
    std::int64_t size = 0;  // 0: only named by proxy_cache so far
    std::string path;       // the cache's folder, full
    std::string path_compared;  // what another cache's folder is compared with: `path`, or as written
    SourceRef where = {};
};

struct UpstreamServer {
    std::string address;  // as written, "host:port"
    std::string host;
    int port = 80;
    std::vector<std::string> resolved;  // numeric "ip:port" / "[ip6]:port" as nginx resolves at load, or "unix:PATH"
    std::int64_t weight = 1;
    std::int64_t max_fails = 1;
    Msec fail_timeout = 10000;
    std::int64_t max_conns = 0;  // 0: no limit
    bool backup = false;
    bool down = false;
    SourceRef where;
};

struct Upstream {
    std::string name;
    SourceRef where;
    bool implicit = false;  // made by proxy_pass with host:port, not by an upstream block
    int port = 0;           // for an implicit group: the port of proxy_pass (explicit default or 80/443)
    bool no_port = true;    // for an implicit group: proxy_pass wrote no port
    bool unix_socket = false;  // an implicit group of "proxy_pass http://unix:PATH", named by the path
    std::vector<UpstreamServer> servers;
    // how a peer is chosen: nginx's weighted round-robin, least_conn, ip_hash, "hash KEY [consistent]",
    // "random" or "random two [least_conn]"
    enum class Balance { RoundRobin, LeastConn, IpHash, Hash, HashConsistent, Random, RandomTwo };
    Balance balance = Balance::RoundRobin;
    std::string hash_key;        // hash's KEY, with variables
    std::int64_t keepalive = 0;  // 0: no pool
    Msec keepalive_timeout = 60000;
    std::int64_t keepalive_requests = 1000;
    Msec keepalive_time = 3600000;
    std::string zone;
};

struct Http {
    SourceRef where;
    HttpScope scope;
    std::map<std::string, LogFormat> log_formats;  // "combined" always present
    std::vector<Upstream> upstreams;
    std::vector<Server> servers;
    std::set<std::string> variables;  // those the configuration defines: by "set" and named captures
    // those auth_request_set defined first: as nginx's, empty without a warning while unset
    std::set<std::string> quiet_variables;
    std::vector<MapBlock> maps;
    std::vector<SplitClientsBlock> split_clients;
    std::vector<LimitReqZone> limit_req_zones;
    std::vector<LimitConnZone> limit_conn_zones;
    std::vector<ProxyCacheZone> proxy_cache_zones;
    std::vector<GeoBlock> geos;
    // the charsets named by charset, source_charset and charset_map, each in its first spelling
    std::vector<std::string> charsets;
    std::vector<CharsetMap> charset_maps;
};

struct Main {
    std::string prefix;       // with trailing '/'
    std::string conf_file;    // full path
    std::string conf_prefix;  // the config file's folder, with trailing '/'
    std::int64_t worker_processes = 1;  // "auto" resolved to the number of cores
    bool daemon = true;
    bool master_process = true;
    std::string pid;          // full path
    std::vector<ErrorLog> error_log;
    std::string user = "nobody";
    std::string group;
    std::int64_t worker_connections = 512;
    std::int64_t worker_rlimit_nofile = 0;
    std::optional<std::int64_t> worker_rlimit_core;  // the workers' core file limit, in bytes
    Msec worker_shutdown_timeout = 0;
};

struct Config {
    Main main;
    std::unique_ptr<Http> http;  // absent without an http block
    // What nginx says at [warn] while it reads the configuration, in order (-t and a start print them).
    std::vector<ConfigError> warnings;
};

}  // namespace confparse
