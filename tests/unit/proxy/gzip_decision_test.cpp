// Whether a client takes gzip (nginx's Accept-Encoding reading), and gzip_proxied's verdict.
#include <catch2/catch.hpp>

#include "proxy/gzip_decision.hpp"

using namespace confparse;
using proxy::accepts_gzip;
using proxy::ProxiedFacts;
using proxy::proxied_allows;

TEST_CASE("Accept-Encoding: gzip as a token, with a quality above zero") {
    // "gzip ;": no quality given, taken
    for (const char* taken : {"gzip", "gzip, deflate", "deflate, gzip", "deflate,GZIP", "gzip;q=0.5", "gzip; q=1",
                              "gzip;q=0.001", "gzip ;"}) {
        INFO(taken);
        CHECK(accepts_gzip(taken));
    }
    // above 1 and four decimals are invalid qualities
    for (const char* refused : {"", "gzi", "deflate", "x-gzip", "gzipfoo", "gzip;q=0", "gzip; q=0.000", "gzip;q=1.5",
                                "gzip;q=0.0001", "gzip;level=1", "gzip;q"}) {
        INFO(refused);
        CHECK_FALSE(accepts_gzip(refused));
    }
}

TEST_CASE("Cache-Control tokens are named as a whole") {
    CHECK(proxy::names_token("no-cache", "no-cache"));
    CHECK(proxy::names_token("max-age=0, No-Cache", "no-cache"));
    CHECK(proxy::names_token("private=\"x\"", "private"));
    CHECK_FALSE(proxy::names_token("no-cachex", "no-cache"));
    CHECK_FALSE(proxy::names_token("xprivate", "private"));
}

TEST_CASE("gzip_proxied: what a request through a proxy may get compressed") {
    constexpr std::int64_t kNow = 1700000000;  // Tue, 14 Nov 2023 22:13:20 GMT
    ProxiedFacts none;
    CHECK_FALSE(proxied_allows(kGzipProxiedOff, false, none, kNow));
    CHECK(proxied_allows(kGzipProxiedAny, false, none, kNow));
    CHECK(proxied_allows(kGzipProxiedAuth, true, none, kNow));
    // as nginx: without Authorization, "auth" decides nothing, and a response with no Expires,
    // Cache-Control, Last-Modified or ETag has nothing the other rules refuse
    CHECK(proxied_allows(kGzipProxiedAuth, false, none, kNow));
    // no_last_modified / no_etag: a response without the field, and no other rule, passes
    CHECK(proxied_allows(kGzipProxiedNoLastModified, false, none, kNow));
    ProxiedFacts modified;
    modified.last_modified = true;
    CHECK_FALSE(proxied_allows(kGzipProxiedNoLastModified, false, modified, kNow));
    ProxiedFacts tagged;
    tagged.etag = true;
    CHECK_FALSE(proxied_allows(kGzipProxiedNoEtag, false, tagged, kNow));

    ProxiedFacts expired;
    expired.has_expires = true;
    expired.expires = "Thu, 01 Jan 1970 00:00:01 GMT";
    CHECK(proxied_allows(kGzipProxiedExpired, false, expired, kNow));
    CHECK_FALSE(proxied_allows(kGzipProxiedNoCache, false, expired, kNow));  // Expires decides alone
    ProxiedFacts future = expired;
    future.expires = "Thu, 01 Jan 2037 00:00:00 GMT";
    CHECK_FALSE(proxied_allows(kGzipProxiedExpired, false, future, kNow));
    future.has_date = true;
    future.date = "Fri, 02 Jan 2037 00:00:00 GMT";  // the response's own date counts
    CHECK(proxied_allows(kGzipProxiedExpired, false, future, kNow));
    ProxiedFacts rfc850 = expired;  // as nginx, any of the three date forms
    rfc850.expires = "Thursday, 01-Jan-70 00:00:01 GMT";
    CHECK(proxied_allows(kGzipProxiedExpired, false, rfc850, kNow));
    ProxiedFacts bad = expired;
    bad.expires = "0";
    CHECK_FALSE(proxied_allows(kGzipProxiedExpired, false, bad, kNow));

    ProxiedFacts cached;
    cached.has_cache_control = true;
    cached.no_store = true;
    CHECK(proxied_allows(kGzipProxiedNoStore, false, cached, kNow));
    CHECK_FALSE(proxied_allows(kGzipProxiedNoCache | kGzipProxiedPrivate, false, cached, kNow));
    CHECK_FALSE(proxied_allows(kGzipProxiedNoLastModified, false, cached, kNow));  // Cache-Control decides
}
