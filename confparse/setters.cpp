#include "confparse/setters.hpp"

#include <strings.h>

#include <algorithm>
#include <cctype>

#include "confparse/files.hpp"

namespace confparse {

void fail(const Directive& d, const std::string& message) { throw ConfigError(message, d.where); }

void fail_errno(const Directive& d, const std::string& message, int err) {
    fail(d, err ? message + " (" + errno_text(err) + ")" : message);
}

void fail_directive(const Directive& d, const std::string& message) {
    fail(d, "\"" + d.name + "\" directive " + message);
}

void check_pool_size(const Directive& d, Size size) {
    constexpr Size kMinPoolSize = 112, kPoolAlignment = 16;  // NGX_MIN_POOL_SIZE on 64 bits
    if (size < kMinPoolSize) fail(d, "the pool size must be no less than " + std::to_string(kMinPoolSize));
    if (size % kPoolAlignment) fail(d, "the pool size must be a multiple of " + std::to_string(kPoolAlignment));
}

bool read_flag(const Directive& d, size_t i) {
    const std::string& v = d.args.at(i);
    if (strcasecmp(v.c_str(), "on") == 0) return true;
    if (strcasecmp(v.c_str(), "off") == 0) return false;
    fail(d, "invalid value \"" + v + "\" in \"" + d.name + "\" directive, it must be \"on\" or \"off\"");
}

namespace {
template <class Parse>
std::int64_t read_with(const Directive& d, size_t i, Parse parse, const char* message) {
    auto v = parse(d.args.at(i));
    if (!v) fail_directive(d, message);
    return *v;
}
}  // namespace

Msec read_msec(const Directive& d, size_t i) { return read_with(d, i, parse_msec, "invalid value"); }
std::int64_t read_sec(const Directive& d, size_t i) { return read_with(d, i, parse_sec, "invalid value"); }
Size read_size(const Directive& d, size_t i) { return read_with(d, i, parse_size, "invalid value"); }
Size read_offset(const Directive& d, size_t i) { return read_with(d, i, parse_offset, "invalid value"); }
std::int64_t read_number(const Directive& d, size_t i) { return read_with(d, i, parse_number, "invalid number"); }

unsigned read_bitmask(const Directive& d, std::initializer_list<Named<unsigned>> names, unsigned initial) {
    unsigned mask = initial;
    for (const auto& v : d.args) {
        const Named<unsigned>* hit = nullptr;
        for (const auto& n : names) {
            if (n.name.size() == v.size() && strncasecmp(n.name.data(), v.data(), v.size()) == 0) hit = &n;
        }
        if (!hit) fail(d, "invalid value \"" + v + "\"");
        mask |= hit->value;
    }
    return mask;
}

Row flag(std::string_view name, unsigned contexts, Setting<bool> HttpScope::*member, bool fallback) {
    return scoped(name, contexts, kFlag, member, [](const Directive& d) { return read_flag(d); }, fallback);
}

Row msec(std::string_view name, unsigned contexts, Setting<Msec> HttpScope::*member, Msec fallback) {
    return scoped(name, contexts, kTake1, member, [](const Directive& d) { return read_msec(d); }, fallback);
}

Row size(std::string_view name, unsigned contexts, Setting<Size> HttpScope::*member, Size fallback) {
    return scoped(name, contexts, kTake1, member, [](const Directive& d) { return read_size(d); }, fallback);
}

Row variable_size(std::string_view name, unsigned contexts, Setting<VariableSize> HttpScope::*member) {
    Row row = scoped(name, contexts, kTake1, member, [](const Directive& d) {
        if (d.args[0].find('$') == std::string::npos) return VariableSize{read_size(d), {}};
        return VariableSize{0, d.args[0]};
    }, VariableSize{});
    row.set = [plain = row.set](BuildState& b, const Directive& d) {
        plain(b, d);
        b.note_variables(d.args[0], d);
    };
    return row;
}

std::string arg0(const Directive& d) { return d.args[0]; }

Row mime_types(std::string_view name, Setting<std::vector<std::string>> HttpScope::*member,
               std::vector<std::string> fallback) {
    Row row{name, kHttpLevels, k1More};
    row.set = [member](BuildState& b, const Directive& d) {
        auto& s = b.scope().*member;
        if (!s.is_set()) s = {std::vector<std::string>{"text/html"}, d.where};
        for (std::string type : d.args) {
            if (s->size() == 1 && s->front() == "*") return;
            if (type == "*") {
                s.value = std::vector<std::string>{"*"};
                return;
            }
            for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (std::find(s->begin(), s->end(), type) != s->end()) {
                b.warn(d, "duplicate MIME type \"" + type + "\"");
            } else {
                s.value->push_back(std::move(type));
            }
        }
    };
    row.merge = [member, fallback = std::move(fallback)](HttpScope& child, const HttpScope& parent) {
        (child.*member).merge(parent.*member, fallback);
    };
    return row;
}

Row file_path(std::string_view name, unsigned contexts, Setting<std::string> HttpScope::*member, bool variables) {
    Row row = scoped(name, contexts, kTake1, member, arg0, std::string());
    auto plain = row.set;
    row.set = [plain, member, variables](BuildState& b, const Directive& d) {
        plain(b, d);
        auto& s = b.scope().*member;
        if (variables) b.note_variables(*s, d);
        bool dynamic = variables && s->find('$') != std::string::npos;
        if (!s->empty() && !dynamic) s.value = b.conf_path(*s);
    };
    return row;
}

Row accepted(std::string_view name, unsigned contexts, unsigned shape, std::function<void(const Directive&)> check) {
    Row row{name, contexts, shape};
    row.set = [check](BuildState&, const Directive& d) {
        if (check) check(d);
    };
    return row;
}

Row bitmask(std::string_view name, Setting<unsigned> HttpScope::*member, std::initializer_list<Named<unsigned>> names,
            unsigned fallback) {
    std::vector<Named<unsigned>> table(names);
    Row row{name, kHttpLevels, k1More};
    row.set = [member, table](BuildState& b, const Directive& d) {
        auto& s = b.scope().*member;
        unsigned mask = s.is_set() ? *s : 0;
        for (const auto& v : d.args) {
            auto hit = std::find_if(table.begin(), table.end(), [&](const Named<unsigned>& n) {
                return n.name.size() == v.size() && strncasecmp(n.name.data(), v.data(), v.size()) == 0;
            });
            if (hit == table.end()) fail(d, "invalid value \"" + v + "\"");
            if (mask & hit->value) b.warn(d, "duplicate value \"" + v + "\"");
            mask |= hit->value;
        }
        s = {mask, d.where};
    };
    row.merge = [member, fallback](HttpScope& child, const HttpScope& parent) {
        (child.*member).merge(parent.*member, fallback);
    };
    return row;
}

}  // namespace confparse
