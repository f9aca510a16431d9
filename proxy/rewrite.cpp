#include "proxy/rewrite.hpp"

#include <sys/stat.h>

#include "confparse/values.hpp"
#include "proxy/error_context.hpp"
#include "proxy/regex.hpp"
#include "proxy/runtime.hpp"
#include "proxy/uri.hpp"

namespace proxy {

using confparse::IfCondition;
using confparse::Location;
using confparse::RewriteStep;

// A step's compiled parts.
struct Rewriter::Compiled {
    std::optional<Regex> regex;    // rewrite's pattern, an if's "~" regex
    Template value;                // set's value, return's text, an if's operand, rewrite's replacement up to '?'
    std::optional<Template> args;  // rewrite into a URI: the replacement after its '?'
    bool has_question = false;     // the replacement has a '?' of its own (its args are joined with '&')
};

namespace {

// As nginx decodes a redirect's target: %XX up to the first '?', but only into printable characters
// above '%' (so "%25", "%20" and "%3F" stay encoded).
std::string unescape_redirect(const std::string& s) {
    std::string out;
    size_t i = 0;
    for (; i < s.size() && s[i] != '?'; ++i) {
        int hi = s[i] == '%' && i + 2 < s.size() ? hex_digit(s[i + 1]) : -1;
        int lo = hi >= 0 ? hex_digit(s[i + 2]) : -1;
        int ch = hi * 16 + lo;
        if (lo >= 0 && ch > '%' && ch < 0x7f) {
            out += static_cast<char>(ch);
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out + s.substr(i);
}

// As nginx's quoted_uri and plus_in_uri: the request's path came with '%' escapes or a '+'.
bool quoted_path(const RequestContext& r) {
    std::string_view path = std::string_view(r.request_uri).substr(0, r.request_uri.find('?'));
    return path.find_first_of("%+") != std::string_view::npos;
}

// As nginx after a regex matched: $1..$9 are its groups, and its named groups are variables.
void keep(RequestContext& r, Captures& found) {
    r.captures = std::move(found.numbered);
    for (auto& [name, value] : found.named) r.variables[name] = std::move(value);
}

bool truthy(const std::optional<std::string>& v) { return v && !v->empty() && *v != "0"; }

// nginx's -f, -d, -e, -x (a stat that follows links).
bool file_test(char test, const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return false;
    switch (test) {
    case 'f': return S_ISREG(st.st_mode);
    case 'd': return S_ISDIR(st.st_mode);
    case 'x': return (st.st_mode & S_IXUSR) != 0;
    default: return true;
    }
}

}  // namespace

// One request's way through the steps of a level.
class Rewriter::Run {
public:
    Run(const Rewriter& rewriter, const Runtime& runtime, RequestContext& r, const confparse::HttpScope& scope)
        : rewriter_(rewriter), runtime_(runtime), r_(r), scope_(scope) {}

    // Runs `steps` of a level (`container`: the location whose "if" blocks they name). False when one
    // ended the phase (break, return, a rewrite with a flag, an error).
    bool steps(const std::vector<RewriteStep>& steps, const Location* container) {
        for (const RewriteStep& s : steps) {
            const Compiled& c = *rewriter_.compiled_.at(&s);
            switch (s.kind) {
            case RewriteStep::Kind::Set:
                set(s.name, c.value.render(r_));
                break;
            case RewriteStep::Kind::If:
                if (!holds(s.condition, c)) break;
                if (s.location >= 0) r_.location = &container->locations[static_cast<size_t>(s.location)];
                if (!this->steps(s.steps, container)) return false;
                break;
            case RewriteStep::Kind::Rewrite:
                if (!rewrite(s, c)) return false;
                break;
            case RewriteStep::Kind::Return:
                answer.code = s.ret.code;
                answer.returned = true;
                if (s.ret.has_text) answer.text = c.value.render(r_);
                return false;
            case RewriteStep::Kind::Break:
                if (uri_changed) r_.valid_location = false;
                uri_changed = false;
                return false;
            }
        }
        return true;
    }

    bool uri_changed = false;
    RewriteAnswer answer;

private:
    void log(confparse::LogLevel level, const std::string& message) const {
        runtime_.error_log(scope_).write(level, r_.connection->id, message + error_context(r_));
    }

    void set(const std::string& name, std::string value) {
        if (!set_variable(r_, name, value)) log(confparse::LogLevel::Error, "invalid $limit_rate \"" + value + "\"");
    }

    // A regex step against `subject`, with rewrite_log's notices; a match leaves its captures.
    bool match(const Regex& regex, const std::string& pattern, const std::string& subject) {
        Captures found;
        bool matched = regex.matches(subject, found);
        if (*scope_.rewrite_log) {
            log(confparse::LogLevel::Notice,
                "\"" + pattern + "\" " + (matched ? "matches" : "does not match") + " \"" + subject + "\"");
        }
        keep(r_, found);  // as nginx: a regex that does not match leaves no captures
        return matched;
    }

    bool holds(const IfCondition& cond, const Compiled& c) {
        if (cond.kind == IfCondition::Kind::File) return file_test(cond.file_test, c.value.render(r_)) != cond.negative;
        std::optional<std::string> v = variable_value(cond.variable, r_);
        switch (cond.kind) {
        case IfCondition::Kind::Variable: return truthy(v);
        case IfCondition::Kind::Equal: return v.value_or("") == c.value.render(r_);
        case IfCondition::Kind::NotEqual: return v.value_or("") != c.value.render(r_);
        default: return match(*c.regex, cond.operand, v.value_or("")) != cond.negative;
        }
    }

    // As nginx renders arguments and redirects: captures of a quoted request path are escaped again.
    std::string render_quoted(const Template& t) {
        if (!quoted_path(r_)) return t.render(r_);
        std::vector<std::string> plain = r_.captures;
        for (auto& capture : r_.captures) capture = escape_uri(capture, kArgsSpecials);
        std::string out = t.render(r_);
        r_.captures = std::move(plain);
        return out;
    }

    bool rewrite(const RewriteStep& s, const Compiled& c) {
        if (!match(*c.regex, s.pattern, r_.uri)) return true;
        if (s.redirect) {
            std::string target = unescape_redirect(render_quoted(c.value));
            if (s.add_args && !r_.args.empty()) target += (c.has_question ? "&" : "?") + r_.args;
            if (*scope_.rewrite_log) log(confparse::LogLevel::Notice, "rewritten redirect: \"" + target + "\"");
            answer = {s.redirect, target};
            return false;
        }
        std::string target = c.value.render(r_);
        if (c.args) {
            std::string args = render_quoted(*c.args);
            if (s.add_args && !r_.args.empty()) args += "&" + r_.args;
            r_.args = std::move(args);
            r_.has_args = true;
        } else if (!s.add_args) {
            r_.args.clear();
            r_.has_args = false;
        }
        if (*scope_.rewrite_log) {
            log(confparse::LogLevel::Notice, "rewritten data: \"" + target + "\", args: \"" + r_.args + "\"");
        }
        if (target.empty()) {
            log(confparse::LogLevel::Error, "the rewritten URI has a zero length");
            answer.code = 500;
            return false;
        }
        r_.uri = std::move(target);
        r_.rewritten = true;
        uri_changed = !s.break_cycle;
        if (s.break_cycle) r_.valid_location = false;
        return !s.last;
    }

    const Rewriter& rewriter_;
    const Runtime& runtime_;
    RequestContext& r_;
    const confparse::HttpScope& scope_;
};

Rewriter::Rewriter(const confparse::Http& http) {
    for (const confparse::Server& s : http.servers) {
        add(s.rewrite);
        add_locations(s.locations);
    }
}

Rewriter::~Rewriter() = default;

void Rewriter::add_locations(const std::vector<Location>& locations) {
    for (const Location& l : locations) {
        add(l.rewrite);
        add_locations(l.locations);
    }
}

void Rewriter::add(const std::vector<RewriteStep>& steps) {
    for (const RewriteStep& s : steps) {
        auto c = std::make_unique<Compiled>();
        switch (s.kind) {
        case RewriteStep::Kind::Set:
            c->value = Template(s.value);
            break;
        case RewriteStep::Kind::Return:
            c->value = Template(s.ret.text);
            break;
        case RewriteStep::Kind::If:
            if (s.condition.kind == IfCondition::Kind::Match) {
                c->regex.emplace(s.condition.operand, s.condition.caseless, s.where);
            } else {
                c->value = Template(s.condition.operand);
            }
            add(s.steps);
            break;
        case RewriteStep::Kind::Rewrite: {
            c->regex.emplace(s.pattern, false, s.where);
            size_t question = s.value.find('?');
            c->has_question = question != std::string::npos;
            // as nginx: a '?' in a replacement that rewrites the URI starts the new arguments
            if (c->has_question && !s.redirect) {
                c->value = Template(s.value.substr(0, question));
                c->args.emplace(s.value.substr(question + 1));
            } else {
                c->value = Template(s.value);
            }
            break;
        }
        case RewriteStep::Kind::Break:
            break;
        }
        compiled_.emplace(&s, std::move(c));
    }
}

RewriteAnswer Rewriter::run(const Runtime& runtime, RequestContext& r, const Location* named) const {
    const confparse::Server& server = *r.server;
    r.unset_variable = [&runtime](const RequestContext& r, std::string_view name) -> std::optional<std::string> {
        if (!runtime.http().variables.count(std::string(name))) return std::nullopt;
        const confparse::HttpScope& scope = r.location ? r.location->scope : r.server->scope;
        if (*scope.uninitialized_variable_warn && !runtime.http().quiet_variables.count(std::string(name))) {
            runtime.error_log(scope).write(confparse::LogLevel::Warn, r.connection->id,
                "using uninitialized \"" + std::string(name) + "\" variable" + error_context(r));
        }
        return std::string();
    };
    Captures found;
    if (!named) {  // as nginx: a named location starts at its own rewrite phase
        if (runtime.router().server_name_captures(server, r.host, found)) keep(r, found);
        Run phase(*this, runtime, r, server.scope);
        if (!phase.steps(server.rewrite, nullptr) && phase.answer.code) return phase.answer;
    }
    // as nginx: the first choice and up to 10 more after a URI changed (internal redirects count too), then 500
    for (;;) {
        found = {};
        bool slash_redirect = false;
        r.location = named ? named : runtime.router().find_location(server, r.uri, &found, &slash_redirect);
        named = nullptr;
        r.valid_location = true;  // as nginx: a location chosen for the URI answers to its name again
        if (!found.numbered.empty()) keep(r, found);
        if (!r.location) return {};
        if (slash_redirect) return {301, escape_uri(r.location->pattern) + (r.args.empty() ? "" : "?" + r.args)};
        if (r.location->internal && !r.internal) return {404, std::nullopt};
        r.location = for_method(*r.location, r.method);
        const Location& chosen = *r.location;
        Run phase(*this, runtime, r, chosen.scope);
        phase.steps(chosen.rewrite, &chosen);
        if (phase.answer.code) return phase.answer;
        if (!phase.uri_changed) return {};
        if (--r.uri_changes == 0) {
            runtime.error_log(r.location->scope).write(confparse::LogLevel::Error, r.connection->id,
                "rewrite or internal redirection cycle while processing \"" + r.uri + "\"" + error_context(r));
            return {500, std::nullopt};
        }
    }
}

bool set_variable(RequestContext& r, const std::string& name, std::string value) {
    if (name == "args") {  // as nginx: $args is the request's arguments
        r.args = std::move(value);
        r.has_args = true;
    } else if (name == "limit_rate") {  // as nginx: a size, the rate this response is sent at
        auto rate = confparse::parse_size(value);
        if (!rate) return false;
        r.limit_rate = *rate;
    } else {
        r.variables[name] = std::move(value);
    }
    return true;
}

}  // namespace proxy
