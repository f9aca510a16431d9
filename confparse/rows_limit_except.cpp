// nginx's limit_except: a nameless location inside a location, used for the methods it does not name.
#include <algorithm>
#include <cctype>

#include "confparse/setters.hpp"

namespace confparse {
namespace {

// ngx_methods_names: the methods limit_except may name (compared without case)
constexpr std::string_view kMethods[] = {"GET",  "HEAD",    "POST",     "PUT",       "DELETE", "MKCOL",  "COPY",
                                         "MOVE", "OPTIONS", "PROPFIND", "PROPPATCH", "LOCK",   "UNLOCK", "PATCH"};

void set_limit_except(BuildState& b, const Directive& d) {
    Frame parent = b.top();
    Location& outer = *parent.location;
    auto limited = [](const Location& l) { return l.match == Location::Match::LimitExcept; };
    if (std::any_of(outer.locations.begin(), outer.locations.end(), limited)) fail_directive(d, "is duplicate");
    Location inner;
    for (const std::string& arg : d.args) {
        std::string upper = arg;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (std::find(std::begin(kMethods), std::end(kMethods), upper) == std::end(kMethods)) {
            fail(d, "invalid method \"" + arg + "\"");
        }
        inner.allowed_methods.push_back(upper);
    }
    // as nginx: allowing GET allows HEAD
    if (std::count(inner.allowed_methods.begin(), inner.allowed_methods.end(), "GET")) {
        inner.allowed_methods.push_back("HEAD");
    }
    inner.match = Location::Match::LimitExcept;
    inner.pattern = outer.pattern;
    inner.where = d.where;
    Location& added = outer.locations.emplace_back(std::move(inner));
    b.frames.push_back(Frame{kLimitExcept, &added.scope, parent.server, &added});
}

}  // namespace

void add_limit_except_rows(std::vector<Row>& rows) {
    rows.push_back({"limit_except", kLocation, kBlock | k1More, set_limit_except});
}

}  // namespace confparse
