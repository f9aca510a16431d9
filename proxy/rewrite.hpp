#pragma once
// nginx's rewrite phases: the server's steps (set, if, rewrite, return, break), the choice of a location,
// then the location's steps; a URI changed there chooses again, at most 10 times.
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "confparse/config.hpp"
#include "proxy/request_context.hpp"

namespace proxy {

class Runtime;

// What the rewrite phases answer the request with; code 0: no answer, the location's handler runs.
struct RewriteAnswer {
    int code = 0;
    std::optional<std::string> text;  // a return's text or redirect target, a rewrite's redirect target
    bool returned = false;             // from a "return" (not a redirecting rewrite)
};

class Rewriter {
public:
    // Compiles every step's regexes and values; throws confparse::ConfigError for a regex nginx refuses.
    explicit Rewriter(const confparse::Http& http);
    ~Rewriter();

    // Runs the phases for r.server and r.uri: sets r.location (an "if" block's nameless location when
    // one held), and may change r.uri, r.args, r.variables and r.captures. With `named` (a redirect to a
    // named location), that location's phase comes first and the server's is skipped.
    RewriteAnswer run(const Runtime& runtime, RequestContext& r, const confparse::Location* named = nullptr) const;

private:
    struct Compiled;
    class Run;
    void add(const std::vector<confparse::RewriteStep>& steps);
    void add_locations(const std::vector<confparse::Location>& locations);

    std::map<const confparse::RewriteStep*, std::unique_ptr<Compiled>> compiled_;
};

// Gives variable `name` its value for `r`, as "set" does ($args and $limit_rate change the request);
// false for a $limit_rate that is no size, which nginx logs.
bool set_variable(RequestContext& r, const std::string& name, std::string value);

}  // namespace proxy
