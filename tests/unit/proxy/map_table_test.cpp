// A map's matching (nginx's ngx_http_map_find): exact without case, then the most specific wildcard,
// then regexes in order, else the default; and its evaluation on a request.
#include <catch2/catch.hpp>

#include "proxy/map_table.hpp"

namespace {

confparse::MapBlock block(bool hostnames) {
    confparse::MapBlock b;
    b.source = "$arg_k";
    b.variable = "m";
    b.hostnames = hostnames;
    b.default_value = "default";
    b.exact = {{"example.org", "exact"}, {"both", "exact-before-regex"}};
    b.wildcards = {{"*.example.org", "star"}, {".www.example.org", "dot-www"}, {"www.example.*", "tail"},
                   {"www.example.co.*", "longer-tail"}};
    b.regexes = {{"^bo", "regex-1"}, {"^(n)(u)m$", "num-$2$1"}, {"^b", "regex-2"}, {"^CASE", "caseless", true}};
    return b;
}

std::string matched(const proxy::MapTable& m, std::string_view subject) {
    proxy::Captures found;
    return m.match(subject, found).source();
}

}  // namespace

TEST_CASE("a map matches exact keys, then wildcards, then regexes in order", "[map]") {
    proxy::MapTable m(block(true));
    CHECK(matched(m, "EXAMPLE.org") == "exact");
    CHECK(matched(m, "both") == "exact-before-regex");
    CHECK(matched(m, "a.example.org") == "star");
    CHECK(matched(m, "a.b.example.org") == "star");
    CHECK(matched(m, "www.example.org") == "dot-www");  // a head wildcard before a tail one
    CHECK(matched(m, "a.www.example.org") == "dot-www");  // the most specific head wildcard
    CHECK(matched(m, "www.example.com") == "tail");
    CHECK(matched(m, "www.example.co.uk") == "longer-tail");
    CHECK(matched(m, "www.example.") == "default");  // a tail wildcard needs something after its dot
    CHECK(matched(m, "bob") == "regex-1");
    CHECK(matched(m, "bb") == "regex-2");
    CHECK(matched(m, "case") == "caseless");
    CHECK(matched(m, "nothing") == "default");
    CHECK(matched(m, "") == "default");
}

TEST_CASE("a map's regex captures reach its value and the request", "[map]") {
    proxy::MapTable m(block(false));
    proxy::ConnectionContext c;
    proxy::RequestContext r;
    r.connection = &c;
    r.args = "k=num";
    r.has_args = true;
    CHECK(m.value(r) == "num-un");
    REQUIRE(r.captures.size() == 3);
    CHECK(r.captures[1] == "n");
    r.args = "k=bob";  // a regex without groups leaves the captures as they were
    CHECK(m.value(r) == "regex-1");
    CHECK(r.captures.size() == 3);
}
