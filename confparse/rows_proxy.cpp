// proxy_pass and the proxy_* settings, TLS to upstreams included.
#include <algorithm>

#include "confparse/address.hpp"
#include "confparse/password_file.hpp"
#include "confparse/setters.hpp"

namespace confparse {

RedirectRule default_redirect(const Location& loc);
RedirectRule read_rewrite_rule(BuildState& b, const Directive& d);

namespace {


const std::initializer_list<Named<unsigned>> kProtocolNames = {
    {"SSLv2", kSSLv2}, {"SSLv3", kSSLv3}, {"TLSv1", kTLSv1}, {"TLSv1.1", kTLSv1_1}, {"TLSv1.2", kTLSv1_2},
    {"TLSv1.3", kTLSv1_3},
};

// nginx's ngx_http_proxy_next_upstream_masks, which proxy_cache_use_stale reads too.
const std::initializer_list<Named<unsigned>> kNextUpstreamNames = {
    {"error", kNextError}, {"timeout", kNextTimeout}, {"invalid_header", kNextInvalidHeader},
    {"non_idempotent", kNextNonIdempotent}, {"http_500", kNextHttp500}, {"http_502", kNextHttp502},
    {"http_503", kNextHttp503}, {"http_504", kNextHttp504}, {"http_403", kNextHttp403},
    {"http_404", kNextHttp404}, {"http_429", kNextHttp429}, {"updating", kNextUpdating}, {"off", kNextOff},
};

ProxyPass read_proxy_pass(BuildState& b, const Directive& d) {
    ProxyPass p;
    p.url = d.args[0];
    p.where = d.where;
    b.note_variables(p.url, d);
    p.has_variables = p.url.find('$') != std::string::npos;
    std::string rest;
    if (strncasecmp(p.url.c_str(), "http://", 7) == 0) {
        rest = p.url.substr(7);
    } else if (strncasecmp(p.url.c_str(), "https://", 8) == 0) {
        rest = p.url.substr(8);
        p.https = true;
    } else if (p.has_variables) {
        // as nginx: a URL whose scheme variables write ("$scheme://$host") is read once they have their
        // values; its client context is made in case it says https
        p.https = true;
    } else {
        fail(d, "invalid URL prefix");
    }
    if (p.has_variables) return p;
    std::string err;
    if (names_unix_socket(rest)) {
        auto u = parse_unix_socket_url(rest, true, err);
        if (!u) fail(d, err + " in upstream \"" + rest + "\"");
        p.unix_socket = true;
        p.host = u->path;
        p.host_text = "localhost";  // as nginx: the Host sent and $proxy_host
        p.uri = u->uri;
        p.has_uri = !u->uri.empty();
        return p;
    }
    size_t slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    if (slash != std::string::npos) {
        p.uri = rest.substr(slash);
        p.has_uri = true;
    }
    auto hp = parse_host_port(authority, false, err);
    if (!hp) fail(d, err + " in upstream \"" + rest + "\"");
    p.host = hp->host;
    p.host_text = hp->ipv6 ? "[" + hp->host + "]" : hp->host;
    p.has_port = hp->has_port;
    p.port = hp->has_port ? hp->port : (p.https ? 443 : 80);
    return p;
}



// A text setting that may hold variables (nginx's complex value), empty when unset.
Row complex_value(std::string_view name, Setting<std::string> HttpScope::*member) {
    Row row = scoped(name, kHttpLevels, kTake1, member, arg0, std::string());
    row.set = [plain = row.set](BuildState& b, const Directive& d) {
        plain(b, d);
        b.note_variables(d.args[0], d);
    };
    return row;
}

// proxy_bind: "off", or an address (checked now unless it has variables) and "transparent".
void set_proxy_bind(BuildState& b, const Directive& d) {
    auto& s = b.scope().proxy_bind;
    if (s.is_set()) fail_directive(d, "is duplicate");
    ProxyBind bind;
    if (d.args.size() == 1 && d.args[0] == "off") {
        s = {bind, d.where};
        return;
    }
    bind.address = d.args[0];
    if (bind.address.find('$') != std::string::npos) b.note_variables(bind.address, d);
    else if (!parse_addr_port(bind.address)) fail(d, "invalid address \"" + bind.address + "\"");
    if (d.args.size() > 1) {
        if (d.args[1] != "transparent") fail(d, "invalid parameter \"" + d.args[1] + "\"");
        bind.transparent = true;
    }
    s = {bind, d.where};
}

// proxy_redirect: "off", "default", or a prefix / "~regex" / "~*regex" and its replacement.
void set_proxy_redirect(BuildState& b, const Directive& d) {
    auto& s = b.scope().proxy_redirect;
    if (s.is_set() && s->off) fail_directive(d, "is duplicate");
    if (d.args.size() == 1 && d.args[0] == "off") {
        if (s.is_set()) fail_directive(d, "is duplicate");
        s = {ProxyRedirects{true, {}}, d.where};
        return;
    }
    if (d.args.size() == 1 && d.args[0] != "default") fail(d, "invalid parameter \"" + d.args[0] + "\"");
    if (!s.is_set()) s = {ProxyRedirects{}, d.where};
    if (d.args.size() == 1) {
        const Location* loc = b.top().location;
        if (loc && loc->proxy_pass.has_variables) {
            fail(d, "\"proxy_redirect default\" cannot be used with \"proxy_pass\" directive with variables");
        }
        if (!loc || loc->proxy_pass.url.empty()) {
            fail(d, "\"proxy_redirect default\" should be placed after the \"proxy_pass\" directive");
        }
        s.value->rules.push_back(default_redirect(*loc));
        return;
    }
    s.value->rules.push_back(read_rewrite_rule(b, d));
}

}  // namespace

// A rule of proxy_redirect or proxy_cookie_path: a prefix, or "~regex" / "~*regex", and its replacement.
RedirectRule read_rewrite_rule(BuildState& b, const Directive& d) {
    RedirectRule rule;
    rule.pattern = d.args[0];
    rule.replacement = d.args[1];
    rule.where = d.where;
    if (!rule.pattern.empty() && rule.pattern[0] == '~') {
        bool caseless = rule.pattern.size() > 1 && rule.pattern[1] == '*';
        rule.kind = caseless ? RedirectRule::Kind::RegexCaseless : RedirectRule::Kind::Regex;
        rule.pattern.erase(0, caseless ? 2 : 1);
        b.note_named_captures(rule.pattern, d);
    } else {
        b.note_variables(rule.pattern, d);
    }
    b.note_variables(rule.replacement, d);
    return rule;
}

// As nginx's "proxy_redirect default": proxy_pass's URL becomes the location's name (the URL and "/"
// when it has no URI part).
RedirectRule default_redirect(const Location& loc) {
    RedirectRule rule;
    rule.where = loc.proxy_pass.where;
    if (loc.proxy_pass.has_uri) {
        rule.pattern = loc.proxy_pass.url;
        rule.replacement = loc.pattern;
    } else {
        rule.pattern = loc.proxy_pass.url + "/";
        rule.replacement = "/";
    }
    return rule;
}

const std::initializer_list<Named<unsigned>>& protocol_names() { return kProtocolNames; }
const std::initializer_list<Named<unsigned>>& next_upstream_names() { return kNextUpstreamNames; }
size_t add_upstream(BuildState& b, const Directive& d, const std::string& host, int port, bool no_port, bool create);

void add_proxy_rows(std::vector<Row>& rows) {
    rows.push_back({"proxy_pass", kLocation | kLocationIf | kLimitExcept, kTake1, [](BuildState& b, const Directive& d) {
        Location& loc = *b.top().location;
        if (!loc.proxy_pass.url.empty()) fail_directive(d, "is duplicate");
        ProxyPass p = read_proxy_pass(b, d);
        bool regex = loc.match == Location::Match::Regex || loc.match == Location::Match::RegexCaseless;
        if ((regex || loc.match == Location::Match::Named || b.top().context != kLocation) && p.has_uri) {
            fail(d, "\"proxy_pass\" cannot have URI part in location given by regular expression, or inside "
                    "named location, or inside \"if\" statement, or inside \"limit_except\" block");
        }
        if (!p.has_variables) {
            // a unix socket's group has no port, yet is not "without a port" (a block of its name is refused)
            p.upstream = add_upstream(b, d, p.host, p.port, !p.has_port && !p.unix_socket, false);
            if (p.unix_socket) b.http().upstreams[p.upstream].unix_socket = true;
        }
        loc.proxy_pass = std::move(p);
        loc.auto_redirect = !loc.pattern.empty() && loc.pattern.back() == '/';
    }});

    rows.push_back(appended("proxy_set_header", kHttpLevels, kTake2, &HttpScope::proxy_set_header,
                            [](BuildState&, const Directive& d) {
        // its values are compiled when http closes, as nginx's proxy merge does (see finish.cpp)
        return KeyValue{d.args[0], d.args[1]};
    }));
    rows.push_back(appended("proxy_hide_header", kHttpLevels, kTake1, &HttpScope::proxy_hide_header,
                            [](BuildState&, const Directive& d) { return d.args[0]; }));
    rows.push_back(appended("proxy_pass_header", kHttpLevels, kTake1, &HttpScope::proxy_pass_header,
                            [](BuildState&, const Directive& d) { return d.args[0]; }));
    rows.push_back(scoped("proxy_http_version", kHttpLevels, kTake1, &HttpScope::proxy_http_version,
                          [](const Directive& d) { return read_enum<int>(d, {{"1.0", 10}, {"1.1", 11}}); }, 10));
    rows.push_back(msec("proxy_connect_timeout", kHttpLevels, &HttpScope::proxy_connect_timeout, 60000));
    rows.push_back(msec("proxy_read_timeout", kHttpLevels, &HttpScope::proxy_read_timeout, 60000));
    rows.push_back(msec("proxy_send_timeout", kHttpLevels, &HttpScope::proxy_send_timeout, 60000));
    rows.push_back(bitmask("proxy_next_upstream", &HttpScope::proxy_next_upstream, kNextUpstreamNames,
                           kNextError | kNextTimeout));
    rows.push_back(bitmask("proxy_ignore_headers", &HttpScope::proxy_ignore_headers,
                           {{"X-Accel-Redirect", kIgnoreXAccelRedirect}, {"X-Accel-Expires", kIgnoreXAccelExpires},
                            {"X-Accel-Limit-Rate", kIgnoreXAccelLimitRate},
                            {"X-Accel-Buffering", kIgnoreXAccelBuffering},
                            {"X-Accel-Charset", kIgnoreXAccelCharset}, {"Expires", kIgnoreExpires},
                            {"Cache-Control", kIgnoreCacheControl}, {"Set-Cookie", kIgnoreSetCookie},
                            {"Vary", kIgnoreVary}},
                           0));
    auto number = [](const Directive& d) { return read_number(d); };
    rows.push_back(scoped("proxy_headers_hash_max_size", kHttpLevels, kTake1, &HttpScope::proxy_headers_hash_max_size,
                          number, std::int64_t{512}));
    rows.push_back(scoped("proxy_headers_hash_bucket_size", kHttpLevels, kTake1,
                          &HttpScope::proxy_headers_hash_bucket_size, number, std::int64_t{64}));
    Row lowat = size("proxy_send_lowat", kHttpLevels, &HttpScope::proxy_send_lowat, 0);
    lowat.set = [plain = lowat.set](BuildState& b, const Directive& d) {
        plain(b, d);
        b.warn(d, "\"proxy_send_lowat\" is not supported, ignored");  // as nginx on Linux, whatever the size
    };
    rows.push_back(lowat);
    rows.push_back(size("read_ahead", kHttpLevels, &HttpScope::read_ahead, 0));
    rows.push_back(size("proxy_limit_rate", kHttpLevels, &HttpScope::proxy_limit_rate, 0));
    rows.push_back(scoped("proxy_next_upstream_tries", kHttpLevels, kTake1, &HttpScope::proxy_next_upstream_tries,
                          [](const Directive& d) { return read_number(d); }, std::int64_t{0}));
    rows.push_back(msec("proxy_next_upstream_timeout", kHttpLevels, &HttpScope::proxy_next_upstream_timeout, 0));
    rows.push_back(flag("proxy_buffering", kHttpLevels, &HttpScope::proxy_buffering, true));
    rows.push_back(flag("proxy_request_buffering", kHttpLevels, &HttpScope::proxy_request_buffering, true));
    rows.push_back(scoped("proxy_buffer_size", kHttpLevels, kTake1, &HttpScope::proxy_buffer_size,
                          [](const Directive& d) { return read_size(d); }, Size{4096}));
    rows.push_back(flag("proxy_pass_request_headers", kHttpLevels, &HttpScope::proxy_pass_request_headers, true));
    rows.push_back(flag("proxy_pass_request_body", kHttpLevels, &HttpScope::proxy_pass_request_body, true));
    rows.push_back(flag("proxy_intercept_errors", kHttpLevels, &HttpScope::proxy_intercept_errors, false));
    Row redirect{"proxy_redirect", kHttpLevels, kTake12, set_proxy_redirect};
    // as nginx: a level without its own rules takes its parent's; a location's proxy_pass then gives
    // "default" to one that still has none (finish.cpp)
    redirect.merge = [](HttpScope& child, const HttpScope& parent) {
        if (!child.proxy_redirect.is_set()) child.proxy_redirect = parent.proxy_redirect;
    };
    rows.push_back(redirect);
    Row bind{"proxy_bind", kHttpLevels, kTake12, set_proxy_bind};
    bind.merge = [](HttpScope& child, const HttpScope& parent) { child.proxy_bind.merge(parent.proxy_bind, ProxyBind{}); };
    rows.push_back(bind);
    rows.push_back(complex_value("proxy_method", &HttpScope::proxy_method));
    rows.push_back(complex_value("proxy_set_body", &HttpScope::proxy_set_body));
    rows.push_back(flag("proxy_ignore_client_abort", kHttpLevels, &HttpScope::proxy_ignore_client_abort, false));
    rows.push_back(flag("proxy_force_ranges", kHttpLevels, &HttpScope::proxy_force_ranges, false));
    rows.push_back(flag("proxy_socket_keepalive", kHttpLevels, &HttpScope::proxy_socket_keepalive, false));
    rows.push_back(accepted("proxy_buffers", kHttpLevels, kTake2, [](const Directive& d) {
        auto n = parse_number(d.args[0]);
        auto sz = parse_size(d.args[1]);
        if (!n || *n == 0 || !sz || *sz == 0) fail_directive(d, "invalid value");
    }));
    rows.push_back(accepted("proxy_busy_buffers_size", kHttpLevels, kTake1, [](const Directive& d) { read_size(d); }));
    rows.push_back(accepted("proxy_max_temp_file_size", kHttpLevels, kTake1, [](const Directive& d) { read_size(d); }));
    rows.push_back(accepted("proxy_temp_file_write_size", kHttpLevels, kTake1, [](const Directive& d) { read_size(d); }));

    // TLS to upstreams (ngx_http_proxy_module's proxy_ssl_*), defaults as nginx 1.22.
    rows.push_back(file_path("proxy_ssl_certificate", kHttpLevels, &HttpScope::proxy_ssl_certificate, true));
    rows.push_back(file_path("proxy_ssl_certificate_key", kHttpLevels, &HttpScope::proxy_ssl_certificate_key, true));
    rows.push_back(password_file("proxy_ssl_password_file", kHttpLevels, &HttpScope::proxy_ssl_password_file));
    rows.push_back(file_path("proxy_ssl_trusted_certificate", kHttpLevels, &HttpScope::proxy_ssl_trusted_certificate, false));
    rows.push_back(file_path("proxy_ssl_crl", kHttpLevels, &HttpScope::proxy_ssl_crl, false));
    rows.push_back(flag("proxy_ssl_verify", kHttpLevels, &HttpScope::proxy_ssl_verify, false));
    rows.push_back(scoped("proxy_ssl_verify_depth", kHttpLevels, kTake1, &HttpScope::proxy_ssl_verify_depth,
                          [](const Directive& d) { return read_number(d); }, std::int64_t{1}));
    rows.push_back(flag("proxy_ssl_session_reuse", kHttpLevels, &HttpScope::proxy_ssl_session_reuse, true));
    rows.push_back(bitmask("proxy_ssl_protocols", &HttpScope::proxy_ssl_protocols, kProtocolNames,
                           kTLSv1 | kTLSv1_1 | kTLSv1_2));  // nginx 1.22: no TLSv1.3 unless named
    rows.push_back(scoped("proxy_ssl_ciphers", kHttpLevels, kTake1, &HttpScope::proxy_ssl_ciphers, arg0,
                          std::string("DEFAULT")));
    rows.push_back(complex_value("proxy_ssl_name", &HttpScope::proxy_ssl_name));
    rows.push_back(flag("proxy_ssl_server_name", kHttpLevels, &HttpScope::proxy_ssl_server_name, false));
}

}  // namespace confparse
