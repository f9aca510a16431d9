// Core http settings valid at http, server and location level (nginx's http core, index, headers modules).
#include <cctype>

#include "confparse/setters.hpp"

namespace confparse {
namespace {

constexpr unsigned kWithLocationIf = kHttpLevels | kLocationIf;

// nginx's built-in types when no "types" block is given.
std::shared_ptr<const std::map<std::string, std::string>> default_types() {
    static const auto types = std::make_shared<const std::map<std::string, std::string>>(
        std::map<std::string, std::string>{{"html", "text/html"}, {"gif", "image/gif"}, {"jpg", "image/jpeg"}});
    return types;
}

void set_root(BuildState& b, const Directive& d, bool alias) {
    auto& root = b.scope().root;
    if (root.is_set()) {
        if ((*b.scope().alias_length != 0) == alias) fail_directive(d, "is duplicate");
        fail(d, "\"" + d.name + "\" directive is duplicate, \"" + (alias ? "root" : "alias") +
                    "\" directive was specified earlier");
    }
    b.note_variables(d.args[0], d);
    std::string path = d.args[0];
    // as nginx: a root loses a trailing '/', and is made absolute now unless a variable starts it
    if (!alias && path.size() > 1 && path.back() == '/') path.pop_back();
    root.value = path[0] == '$' ? path : b.prefix_path(path);
    root.where = d.where;
    const Location* location = b.top().location;
    bool regex = location && (location->match == Location::Match::Regex ||
                              location->match == Location::Match::RegexCaseless);
    b.scope().alias_length.value = !alias ? 0 : regex ? kWholeAlias : location->pattern.size();
}

}  // namespace

void add_http_core_rows(std::vector<Row>& rows) {
    Row root{"root", kWithLocationIf, kTake1, [](BuildState& b, const Directive& d) { set_root(b, d, false); }, {}, {}, {}};
    root.merge = [](HttpScope& child, const HttpScope& parent) {
        if (!child.root.is_set()) child.alias_length = parent.alias_length;
        child.root.merge(parent.root, "html");
        child.alias_length.merge(parent.alias_length, 0);
    };
    rows.push_back(root);
    rows.push_back({"alias", kLocation, kTake1, [](BuildState& b, const Directive& d) { set_root(b, d, true); }});

    rows.push_back(appended("index", kHttpLevels, k1More, &HttpScope::index, [](BuildState& b, const Directive& d) {
        for (size_t i = 0; i < d.args.size(); ++i) {
            const std::string& v = d.args[i];
            if (v.empty()) fail(d, "index \"\" in \"index\" directive is invalid");
            // an absolute name before the last is only a warning in nginx ("should be absolute")
            b.note_variables(v, d);
        }
        // every name is kept; the row appends the last and the others here
        auto& list = *b.scope().index.value;
        list.insert(list.end(), d.args.begin(), d.args.end() - 1);
        return d.args.back();
    }));
    rows.back().merge = [](HttpScope& child, const HttpScope& parent) {
        child.index.merge(parent.index, {"index.html"});
    };

    rows.push_back({"try_files", kServer | kLocation, k2More, [](BuildState& b, const Directive& d) {
        auto& list = b.top().location ? b.top().location->try_files : b.top().server->try_files;
        if (!list.empty()) fail_directive(d, "is duplicate");
        for (const auto& name : d.args) b.note_variables(name, d);
        const std::string& last = d.args.back();
        if (!last.empty() && last[0] == '=') {
            // as nginx: a number up to 999, leading zeros allowed
            std::string digits = last.substr(1);
            size_t significant = digits.find_first_not_of('0');
            bool valid = !digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos &&
                         (significant == std::string::npos || digits.size() - significant <= 3);
            if (!valid) fail(d, "invalid code \"" + last + "\"");
        }
        list = d.args;
    }});

    rows.push_back(scoped("default_type", kHttpLevels, kTake1, &HttpScope::default_type, arg0, std::string("text/plain")));

    Row types{"types", kHttpLevels, kRawBlock | kNoArgs};
    types.set = [](BuildState& b, const Directive& d) {
        auto& t = b.scope().types;
        if (!t.is_set()) t.value = std::make_shared<const std::map<std::string, std::string>>();
        t.where = d.where;
    };
    types.raw = [](BuildState& b, const Directive& d) {
        auto map = std::make_shared<std::map<std::string, std::string>>(**b.scope().types);
        for (const auto& ext : d.args) {
            std::string lower = ext;
            for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            map->emplace(lower, d.name);  // as nginx: the first type named for an extension wins
        }
        b.scope().types.value = std::move(map);
    };
    types.merge = [](HttpScope& child, const HttpScope& parent) { child.types.merge(parent.types, default_types()); };
    rows.push_back(types);

    auto read_add_header = [](BuildState& b, const Directive& d) {
        AddHeader h{d.args[0], d.args[1], false};
        if (d.args.size() == 3) {
            if (d.args[2] != "always") fail(d, "invalid parameter \"" + d.args[2] + "\"");
            h.always = true;
        }
        b.note_variables(d.args[1], d);
        return h;
    };
    rows.push_back(appended("add_header", kWithLocationIf, kTake23, &HttpScope::add_header, read_add_header));
    rows.push_back(appended("add_trailer", kWithLocationIf, kTake23, &HttpScope::add_trailer, read_add_header));

    Row keepalive{"keepalive_timeout", kHttpLevels, kTake12};
    keepalive.set = [](BuildState& b, const Directive& d) {
        HttpScope& s = b.scope();
        if (s.keepalive_timeout.is_set()) fail_directive(d, "is duplicate");
        s.keepalive_timeout = {read_msec(d, 0), d.where};
        if (d.args.size() == 2) s.keepalive_header_timeout = {read_sec(d, 1) * 1000, d.where};
    };
    keepalive.merge = [](HttpScope& child, const HttpScope& parent) {
        if (!child.keepalive_timeout.is_set()) child.keepalive_header_timeout = parent.keepalive_header_timeout;
        child.keepalive_timeout.merge(parent.keepalive_timeout, 75000);
        child.keepalive_header_timeout.merge(parent.keepalive_header_timeout, 0);
    };
    rows.push_back(keepalive);
    rows.push_back(scoped("keepalive_requests", kHttpLevels, kTake1, &HttpScope::keepalive_requests,
                          [](const Directive& d) { return read_number(d); }, std::int64_t{1000}));
    rows.push_back(msec("keepalive_time", kHttpLevels, &HttpScope::keepalive_time, 3600000));
    rows.push_back(bitmask("keepalive_disable", &HttpScope::keepalive_disable,
                           {{"none", kKeepaliveDisableNone}, {"msie6", kKeepaliveDisableMsie6},
                            {"safari", kKeepaliveDisableSafari}},
                           kKeepaliveDisableMsie6));

    rows.push_back(scoped("client_max_body_size", kHttpLevels, kTake1, &HttpScope::client_max_body_size,
                          [](const Directive& d) { return read_offset(d); }, Size{1024 * 1024}));
    rows.push_back(size("client_body_buffer_size", kHttpLevels, &HttpScope::client_body_buffer_size, 16384));
    rows.push_back(size("client_header_buffer_size", kHttpServer, &HttpScope::client_header_buffer_size, 1024));
    // nproxy has no pools; kept for nginx's check that a large header buffer is at least this big
    rows.push_back(scoped("connection_pool_size", kHttpServer, kTake1, &HttpScope::connection_pool_size,
                          [](const Directive& d) {
        Size size = read_size(d);
        check_pool_size(d, size);
        return size;
    }, Size{512}));
    rows.push_back(scoped("large_client_header_buffers", kHttpServer, kTake2, &HttpScope::large_client_header_buffers,
                          [](const Directive& d) {
        auto n = parse_number(d.args[0]);
        auto sz = parse_size(d.args[1]);
        if (!n || *n == 0 || !sz || *sz == 0) fail_directive(d, "invalid value");
        return LargeBuffers{*n, *sz};
    }, LargeBuffers{}));
    rows.push_back(msec("client_header_timeout", kHttpServer, &HttpScope::client_header_timeout, 60000));
    rows.push_back(msec("client_body_timeout", kHttpLevels, &HttpScope::client_body_timeout, 60000));
    rows.push_back(msec("send_timeout", kHttpLevels, &HttpScope::send_timeout, 60000));
    rows.push_back(flag("sendfile", kWithLocationIf, &HttpScope::sendfile, false));
    rows.push_back(variable_size("limit_rate", kWithLocationIf, &HttpScope::limit_rate));
    rows.push_back(variable_size("limit_rate_after", kWithLocationIf, &HttpScope::limit_rate_after));
    rows.push_back(flag("tcp_nopush", kHttpLevels, &HttpScope::tcp_nopush, false));
    rows.push_back(flag("tcp_nodelay", kHttpLevels, &HttpScope::tcp_nodelay, true));
    rows.push_back(scoped("server_tokens", kHttpLevels, kTake1, &HttpScope::server_tokens, [](const Directive& d) {
        return read_enum<ServerTokens>(d, {{"off", ServerTokens::Off}, {"on", ServerTokens::On},
                                           {"build", ServerTokens::Build}});
    }, ServerTokens::On));
    rows.push_back(flag("underscores_in_headers", kHttpServer, &HttpScope::underscores_in_headers, false));
    rows.push_back(flag("ignore_invalid_headers", kHttpServer, &HttpScope::ignore_invalid_headers, true));
    rows.push_back(flag("merge_slashes", kHttpServer, &HttpScope::merge_slashes, true));
    rows.push_back(flag("reset_timedout_connection", kHttpLevels, &HttpScope::reset_timedout_connection, false));
    rows.push_back(scoped("lingering_close", kHttpLevels, kTake1, &HttpScope::lingering_close, [](const Directive& d) {
        return std::string(read_enum<std::string_view>(d, {{"off", "off"}, {"on", "on"}, {"always", "always"}}));
    }, std::string("on")));
    rows.push_back(msec("lingering_time", kHttpLevels, &HttpScope::lingering_time, 30000));
    rows.push_back(msec("lingering_timeout", kHttpLevels, &HttpScope::lingering_timeout, 5000));
    rows.push_back(flag("absolute_redirect", kHttpLevels, &HttpScope::absolute_redirect, true));
    rows.push_back(flag("server_name_in_redirect", kHttpLevels, &HttpScope::server_name_in_redirect, false));
    rows.push_back(flag("port_in_redirect", kHttpLevels, &HttpScope::port_in_redirect, true));
    rows.push_back(flag("log_not_found", kHttpLevels, &HttpScope::log_not_found, true));
    rows.push_back(scoped("if_modified_since", kHttpLevels, kTake1, &HttpScope::if_modified_since, [](const Directive& d) {
        return read_enum<IfModifiedSince>(d, {{"off", IfModifiedSince::Off}, {"exact", IfModifiedSince::Exact},
                                              {"before", IfModifiedSince::Before}});
    }, IfModifiedSince::Exact));
    rows.push_back(scoped("max_ranges", kHttpLevels, kTake1, &HttpScope::max_ranges,
                          [](const Directive& d) { return read_number(d); }, std::int64_t{0x7fffffff}));
    rows.push_back(scoped("post_action", kHttpLevels | kLocationIf, kTake1, &HttpScope::post_action, arg0, std::string()));
    rows.push_back(size("subrequest_output_buffer_size", kHttpLevels, &HttpScope::subrequest_output_buffer_size, 4096));
    rows.push_back(flag("chunked_transfer_encoding", kHttpLevels, &HttpScope::chunked_transfer_encoding, true));

    // Tuning that nproxy's design makes moot; checked as nginx checks them, then ignored.
    auto check_flag = [](const Directive& d) { read_flag(d); };
    auto check_size = [](const Directive& d) { read_size(d); };
    auto check_number = [](const Directive& d) { read_number(d); };
    rows.push_back(accepted("sendfile_max_chunk", kHttpLevels, kTake1, check_size));
    rows.push_back(accepted("postpone_output", kHttpLevels, kTake1, check_size));
    rows.push_back(accepted("output_buffers", kHttpLevels, kTake2));
    rows.push_back(accepted("aio", kHttpLevels, kTake1));
    rows.push_back(accepted("directio", kHttpLevels, kTake1));
    rows.push_back(accepted("open_file_cache", kHttpLevels, kTake12));
    rows.push_back(accepted("open_file_cache_valid", kHttpLevels, kTake1));
    rows.push_back(accepted("open_file_cache_errors", kHttpLevels, kFlag, check_flag));
    rows.push_back(flag("log_subrequest", kHttpLevels, &HttpScope::log_subrequest, false));
    rows.push_back(flag("msie_padding", kHttpLevels, &HttpScope::msie_padding, true));
    rows.push_back(flag("msie_refresh", kHttpLevels, &HttpScope::msie_refresh, false));
    rows.push_back(accepted("etag", kHttpLevels, kFlag, check_flag));
    rows.push_back(accepted("types_hash_max_size", kHttpLevels, kTake1, check_number));
    rows.push_back(accepted("types_hash_bucket_size", kHttpLevels, kTake1, check_number));
    rows.push_back(accepted("server_names_hash_max_size", kHttp, kTake1, check_number));
    rows.push_back(accepted("server_names_hash_bucket_size", kHttp, kTake1, check_number));
    rows.push_back(accepted("variables_hash_max_size", kHttp, kTake1, check_number));
    rows.push_back(accepted("variables_hash_bucket_size", kHttp, kTake1, check_number));
    rows.push_back(accepted("request_pool_size", kHttpServer, kTake1,
                            [](const Directive& d) { check_pool_size(d, read_size(d)); }));
    rows.push_back(accepted("open_file_cache_min_uses", kHttpLevels, kTake1, check_number));
    rows.push_back(accepted("open_file_cache_events", kHttpLevels, kFlag, check_flag));
    rows.push_back(accepted("aio_write", kHttpLevels, kFlag, check_flag));
    rows.push_back(accepted("directio_alignment", kHttpLevels, kTake1, check_size));
    rows.push_back({"send_lowat", kHttpLevels, kTake1, [](BuildState& b, const Directive& d) {
        read_size(d);
        b.warn(d, "\"send_lowat\" is not supported, ignored");  // as nginx on Linux, whatever the size
    }});
    // Temporary-file folders, which nginx's test harness writes into every config; nproxy streams bodies.
    for (auto name : {"proxy_temp_path", "fastcgi_temp_path", "uwsgi_temp_path",
                      "scgi_temp_path"}) {
        rows.push_back(accepted(name, kHttpLevels, kTake1234));
    }
}

}  // namespace confparse
