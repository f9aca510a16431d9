// $invalid_referer's matching (nginx's ngx_http_referer_variable): the scheme, "none", "blocked", names,
// wildcards, URI prefixes and regexes.
#include <catch2/catch.hpp>

#include "proxy/referer_table.hpp"

namespace {

confparse::ValidReferers rules() {
    confparse::ValidReferers v;
    v.exact = {{"example.com", ""}, {"pics.org", "/galleries/"}};
    v.wildcards = {{"*.wild.org", ""}, {".dot.org", "/d"}, {"www.tail.*", ""}};
    v.regexes = {{"^re\\.[a-z]+/x", {}}};
    v.server_name_regexes = {{"^srv\\d+\\.net$", {}}};
    return v;
}

bool invalid(const proxy::RefererTable& t, const std::string& referer) { return t.invalid(&referer); }

}  // namespace

TEST_CASE("a Referer is valid by its host after the scheme, and its URI prefix", "[referer]") {
    proxy::RefererTable t(rules());
    CHECK_FALSE(invalid(t, "http://example.com/any"));
    CHECK_FALSE(invalid(t, "HTTPS://EXAMPLE.com:8080/any"));
    CHECK_FALSE(invalid(t, "http://example.com"));
    CHECK(invalid(t, "ftp://example.com/"));
    CHECK(invalid(t, "http://www.example.com/"));
    CHECK_FALSE(invalid(t, "http://pics.org/galleries/1.png"));
    CHECK_FALSE(invalid(t, "http://pics.org:81/galleries/"));
    CHECK(invalid(t, "http://pics.org/Galleries/"));  // the URI is compared with case
    CHECK(invalid(t, "http://pics.org/"));
    // wildcards: "*.name" not the name itself, ".name" both, "name.*" any ending
    CHECK_FALSE(invalid(t, "http://a.b.wild.org/"));
    CHECK(invalid(t, "http://wild.org/"));
    CHECK_FALSE(invalid(t, "http://dot.org/d"));
    CHECK_FALSE(invalid(t, "http://x.dot.org/dd"));
    CHECK(invalid(t, "http://x.dot.org/e"));
    CHECK_FALSE(invalid(t, "http://www.tail.co.uk/"));
    CHECK(invalid(t, "http://www.tail/"));
    // regexes: the server's names against the lower-cased host; the others, caseless, after the scheme
    CHECK_FALSE(invalid(t, "http://SRV12.net/"));
    CHECK_FALSE(invalid(t, "https://RE.abc/x"));
    CHECK(invalid(t, "http://re.abc/y"));
    // a host that names an entry but misses its URI is not tried against the regexes
    CHECK(invalid(t, "http://pics.org/x"));
    // as nginx: hosts over 256 bytes are invalid without a lookup
    CHECK(invalid(t, "http://" + std::string(257, 'a') + ".example.com/"));
}

TEST_CASE("\"none\" and \"blocked\" take requests without a Referer and without a scheme", "[referer]") {
    confparse::ValidReferers v = rules();
    proxy::RefererTable strict(v);
    CHECK(strict.invalid(nullptr));
    CHECK(invalid(strict, "example.com"));
    CHECK(invalid(strict, "http://a.b"));  // shorter than "http://i.ru": no scheme
    v.none = true;
    v.blocked = true;
    proxy::RefererTable lenient(v);
    CHECK_FALSE(lenient.invalid(nullptr));
    CHECK_FALSE(invalid(lenient, "example.com"));
    CHECK_FALSE(invalid(lenient, ""));
    CHECK_FALSE(invalid(lenient, "http://a.b"));
    CHECK(invalid(lenient, "http://other.com/"));
}

TEST_CASE("valid_referers with nothing to match takes every Referer as valid", "[referer]") {
    confparse::ValidReferers v;
    v.none = true;
    proxy::RefererTable t(v);
    CHECK_FALSE(t.invalid(nullptr));
    CHECK_FALSE(invalid(t, "http://other.com/"));
}
