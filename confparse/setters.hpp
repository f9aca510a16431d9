#pragma once
// Generic rows and value readers: the typed setters every simple directive is made of, with nginx's
// messages for bad values ("invalid value", "is duplicate", ...).
#include <cstdint>
#include <strings.h>

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

#include "confparse/build_state.hpp"
#include "confparse/values.hpp"

namespace confparse {

[[noreturn]] void fail(const Directive& d, const std::string& message);
// nginx's ngx_conf_log_error with an errno: "MESSAGE (ERR: TEXT)", or just MESSAGE when `err` is 0.
[[noreturn]] void fail_errno(const Directive& d, const std::string& message, int err);
// "\"NAME\" directive MESSAGE", nginx's form for what a slot handler returns.
[[noreturn]] void fail_directive(const Directive& d, const std::string& message);

bool read_flag(const Directive& d, size_t i = 0);
Msec read_msec(const Directive& d, size_t i = 0);
std::int64_t read_sec(const Directive& d, size_t i = 0);
Size read_size(const Directive& d, size_t i = 0);
Size read_offset(const Directive& d, size_t i = 0);
std::int64_t read_number(const Directive& d, size_t i = 0);
// nginx's check of a memory pool's size (connection_pool_size, request_pool_size, http2_pool_size).
void check_pool_size(const Directive& d, Size size);

template <class T>
struct Named {
    std::string_view name;
    T value;
};

// nginx's enum slot: one of the names, compared without case.
template <class T>
T read_enum(const Directive& d, std::initializer_list<Named<T>> names, size_t i = 0);

// nginx's bitmask slot: every argument one of the names; bits accumulate.
unsigned read_bitmask(const Directive& d, std::initializer_list<Named<unsigned>> names, unsigned initial);
// A log level by its name in nginx.conf ("error", "warn"); also syslog's severity= (its values are
// syslog's severities).
std::optional<LogLevel> log_level_named(std::string_view name);

// A row for an HttpScope setting read by `read` from the directive, with nginx's "is duplicate" when the
// same level sets it twice, and the merge "unset -> parent -> fallback".
template <class T, class Read>
Row scoped(std::string_view name, unsigned contexts, unsigned shape, Setting<T> HttpScope::*member, Read read,
           T fallback) {
    Row row{name, contexts, shape};
    row.set = [member, read](BuildState& b, const Directive& d) {
        auto& s = b.scope().*member;
        if (s.is_set()) fail_directive(d, "is duplicate");
        s.value = read(d);
        s.where = d.where;
    };
    row.merge = [member, fallback](HttpScope& child, const HttpScope& parent) {
        (child.*member).merge(parent.*member, fallback);
    };
    return row;
}

// A row for an HttpScope list that each occurrence appends to (add_header, proxy_set_header, ...);
// as nginx, a level with any entries of its own inherits none of its parent's.
template <class T, class Read>
Row appended(std::string_view name, unsigned contexts, unsigned shape, Setting<std::vector<T>> HttpScope::*member,
             Read read) {
    Row row{name, contexts, shape};
    row.set = [member, read](BuildState& b, const Directive& d) {
        auto& s = b.scope().*member;
        if (!s.is_set()) {
            s.value.emplace();
            s.where = d.where;
        }
        s.value->push_back(read(b, d));
    };
    row.merge = [member](HttpScope& child, const HttpScope& parent) {
        (child.*member).merge(parent.*member, std::vector<T>{});
    };
    return row;
}

// The common typed rows: an on/off flag, a time in milliseconds, a size; and a directive's first argument.
Row flag(std::string_view name, unsigned contexts, Setting<bool> HttpScope::*member, bool fallback);
Row msec(std::string_view name, unsigned contexts, Setting<Msec> HttpScope::*member, Msec fallback);
Row size(std::string_view name, unsigned contexts, Setting<Size> HttpScope::*member, Size fallback);
// A size that may be written with variables (0 when unset).
Row variable_size(std::string_view name, unsigned contexts, Setting<VariableSize> HttpScope::*member);
// nginx's bitmask slot at the http levels: each argument one of `names`, bits accumulate; unset merges to
// `fallback`.
Row bitmask(std::string_view name, Setting<unsigned> HttpScope::*member, std::initializer_list<Named<unsigned>> names,
            unsigned fallback);
std::string arg0(const Directive& d);
// nginx's types slot at the http levels (ssi_types, gzip_types): text/html always, then the types named,
// lower-cased; "*" is any type and ends the list. Each occurrence at a level adds to its list; a level
// that names none has its parent's, else `fallback`.
Row mime_types(std::string_view name, Setting<std::vector<std::string>> HttpScope::*member,
               std::vector<std::string> fallback = {"text/html"});

// A row for a file named by a directive, made absolute against the configuration's folder as nginx does.
// With `variables` (nginx's complex values, e.g. proxy_ssl_certificate) a name holding "$" is kept as
// written for run time and its variables are checked; without, "$" is an ordinary character.
Row file_path(std::string_view name, unsigned contexts, Setting<std::string> HttpScope::*member, bool variables);

// A directive nproxy accepts for compatibility and checks like nginx, but whose value changes nothing.
Row accepted(std::string_view name, unsigned contexts, unsigned shape,
             std::function<void(const Directive&)> check = {});

// ---- template definitions ----

template <class T>
T read_enum(const Directive& d, std::initializer_list<Named<T>> names, size_t i) {
    const std::string& v = d.args.at(i);
    for (const auto& n : names) {
        if (n.name.size() == v.size() && strncasecmp(n.name.data(), v.data(), v.size()) == 0) return n.value;
    }
    fail(d, "invalid value \"" + v + "\"");
}

}  // namespace confparse
