// error_log, access_log and log_format.
#include "confparse/setters.hpp"
#include "confparse/syslog_peer.hpp"

namespace confparse {

std::optional<LogLevel> log_level_named(std::string_view name) {
    static const Named<LogLevel> levels[] = {
        {"emerg", LogLevel::Emerg}, {"alert", LogLevel::Alert},   {"crit", LogLevel::Crit},
        {"error", LogLevel::Error}, {"warn", LogLevel::Warn},     {"notice", LogLevel::Notice},
        {"info", LogLevel::Info},   {"debug", LogLevel::Debug},
    };
    for (const auto& l : levels) {
        if (l.name == name) return l.value;
    }
    return std::nullopt;
}

LogLevel read_log_level(const Directive& d, const std::string& v) {
    if (auto level = log_level_named(v)) return *level;
    fail(d, "invalid log level \"" + v + "\"");
}

// "error_log FILE [LEVEL]": a file (or stderr, or syslog) and one level; nginx's debug_* module masks are
// accepted as "debug".
std::vector<ErrorLog> read_error_log(BuildState& b, const Directive& d) {
    ErrorLog log;
    if (names_syslog(d.args[0])) {
        log.path = d.args[0];
        log.syslog = read_syslog_peer(d, d.args[0]);
    } else {
        log.path = d.args[0] == "stderr" ? "stderr" : b.prefix_path(d.args[0]);
    }
    log.where = d.where;
    bool have_level = false;
    for (size_t i = 1; i < d.args.size(); ++i) {
        const std::string& v = d.args[i];
        if (v.rfind("debug_", 0) == 0) {
            static const char* masks[] = {"debug_core", "debug_alloc", "debug_mutex", "debug_event",
                                          "debug_http", "debug_mail",  "debug_stream"};
            bool known = false;
            for (const char* m : masks) known = known || v == m;
            if (!known) fail(d, "invalid log level \"" + v + "\"");
            log.level = LogLevel::Debug;
            continue;
        }
        if (have_level) fail(d, "duplicate log level \"" + v + "\"");
        log.level = read_log_level(d, v);
        have_level = true;
    }
    return {log};
}

// "access_log PATH [FORMAT [buffer=SIZE] [gzip[=LEVEL]] [flush=TIME] [if=CONDITION]]" | "access_log off".
AccessLog read_access_log(BuildState& b, const Directive& d) {
    AccessLog log;
    log.where = d.where;
    if (d.args[0] == "off") {
        if (d.args.size() > 1) fail(d, "invalid parameter \"" + d.args[1] + "\"");
        log.off = true;
        return log;
    }
    if (names_syslog(d.args[0])) {
        log.path = d.args[0];
        log.syslog = read_syslog_peer(d, d.args[0]);
    } else {
        log.path = b.prefix_path(d.args[0]);
        b.note_variables(d.args[0], d);
    }
    if (d.args.size() > 1) log.format = d.args[1];
    if (!b.http().log_formats.count(log.format)) fail(d, "unknown log format \"" + log.format + "\"");
    for (size_t i = 2; i < d.args.size(); ++i) {
        const std::string& v = d.args[i];
        if (v.rfind("buffer=", 0) == 0) {
            auto size = parse_size(v.substr(7));
            if (!size || *size == 0) fail(d, "invalid buffer size \"" + v.substr(7) + "\"");
            log.buffer = *size;
        } else if (v.rfind("flush=", 0) == 0) {
            auto t = parse_msec(v.substr(6));
            if (!t || *t == 0) fail(d, "invalid flush time \"" + v.substr(6) + "\"");
            log.flush = *t;
        } else if (v == "gzip" || v.rfind("gzip=", 0) == 0) {
            if (log.buffer == 0) log.buffer = 64 * 1024;  // as nginx: gzip buffers, 64k unless told
            auto level = v.size() == 4 ? std::optional<std::int64_t>(1) : parse_number(v.substr(5));
            if (!level || *level < 1 || *level > 9) fail(d, "invalid compression level \"" + v.substr(5) + "\"");
            log.gzip = static_cast<int>(*level);
        } else if (v.rfind("if=", 0) == 0) {
            log.condition = v.substr(3);
            b.note_variables(log.condition, d);
        } else {
            fail(d, "invalid parameter \"" + v + "\"");
        }
    }
    if (log.flush && log.buffer == 0) fail(d, "no buffer is defined for access_log \"" + d.args[0] + "\"");
    if (log.buffer == 0) return log;
    if (d.args[0].find('$') != std::string::npos) fail(d, "buffered logs cannot have variables in name");
    if (log.syslog) fail(d, "logs to syslog cannot be buffered");
    // as nginx: the buffer belongs to the file, so every buffered access_log of it must agree
    auto [first, added] = b.buffered_logs.emplace(log.path, log);
    if (!added && (first->second.buffer != log.buffer || first->second.flush != log.flush ||
                   first->second.gzip != log.gzip)) {
        fail(d, "access_log \"" + d.args[0] + "\" already defined with conflicting parameters");
    }
    return log;
}

// "open_log_file_cache max=N [inactive=TIME] [min_uses=N] [valid=TIME]" | "open_log_file_cache off".
OpenLogFileCache read_open_log_file_cache(const Directive& d) {
    OpenLogFileCache cache;
    cache.where = d.where;
    bool off = false;
    for (const std::string& v : d.args) {
        std::optional<std::int64_t> value;
        if (v.rfind("max=", 0) == 0) {
            value = cache.max = parse_number(v.substr(4)).value_or(-1);
        } else if (v.rfind("inactive=", 0) == 0) {
            value = cache.inactive = parse_sec(v.substr(9)).value_or(-1);
        } else if (v.rfind("min_uses=", 0) == 0) {
            value = cache.min_uses = parse_number(v.substr(9)).value_or(-1);
        } else if (v.rfind("valid=", 0) == 0) {
            value = cache.valid = parse_sec(v.substr(6)).value_or(-1);
        } else if (v == "off") {
            off = true;
            continue;
        }
        if (!value || *value < 0) fail(d, "invalid \"open_log_file_cache\" parameter \"" + v + "\"");
    }
    if (off) return OpenLogFileCache{};
    if (cache.max == 0) fail(d, "\"open_log_file_cache\" must have \"max\" parameter");
    return cache;
}

void add_log_rows(std::vector<Row>& rows) {
    rows.push_back(appended("error_log", kHttpLevels, k1More, &HttpScope::error_log,
                            [](BuildState& b, const Directive& d) { return read_error_log(b, d).front(); }));

    rows.push_back(appended("access_log", kHttpLevels | kLocationIf | kLimitExcept, k1More, &HttpScope::access_log,
                            [](BuildState& b, const Directive& d) { return read_access_log(b, d); }));

    rows.push_back(scoped("open_log_file_cache", kHttpLevels, kTake1234, &HttpScope::open_log_file_cache,
                          read_open_log_file_cache, OpenLogFileCache{}));

    rows.push_back({"log_format", kHttp, k2More, [](BuildState& b, const Directive& d) {
        auto& formats = b.http().log_formats;
        if (formats.count(d.args[0])) fail(d, "duplicate \"log_format\" name \"" + d.args[0] + "\"");
        LogFormat f;
        f.name = d.args[0];
        f.where = d.where;
        size_t first = 1;
        if (d.args[1].rfind("escape=", 0) == 0) {
            f.escape = d.args[1].substr(7);
            if (f.escape != "default" && f.escape != "json" && f.escape != "none") {
                fail(d, "unknown log format escaping \"" + f.escape + "\"");
            }
            first = 2;
        }
        for (size_t i = first; i < d.args.size(); ++i) {
            b.note_variables(d.args[i], d);
            f.text += d.args[i];
        }
        formats.emplace(f.name, std::move(f));
    }});
}

}  // namespace confparse
