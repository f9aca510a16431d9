// What expires writes (Expires and Cache-Control), and which add_header entry decides a single field.
#include <catch2/catch.hpp>

#include "proxy/headers_filter.hpp"

using confparse::Expires;
using proxy::expires_fields;

namespace {

constexpr std::int64_t kNow = 1700000000;  // Tue, 14 Nov 2023 22:13:20 GMT

Expires conf(Expires::Kind kind, std::int64_t seconds = 0, std::string value = "") {
    Expires e;
    e.kind = kind;
    e.seconds = seconds;
    e.value = std::move(value);
    return e;
}

}  // namespace

TEST_CASE("expires: fixed values for epoch and max, none for off") {
    auto epoch = expires_fields(conf(Expires::Kind::Epoch), "", "", kNow);
    REQUIRE(epoch);
    CHECK(epoch->expires == "Thu, 01 Jan 1970 00:00:01 GMT");
    CHECK(epoch->cache_control == "no-cache");
    CHECK(expires_fields(conf(Expires::Kind::Max), "", "", kNow)->cache_control == "max-age=315360000");
    CHECK_FALSE(expires_fields(conf(Expires::Kind::Off), "", "", kNow));
}

TEST_CASE("expires: a time after the access, zero, or negative") {
    auto later = expires_fields(conf(Expires::Kind::Access, 2048), "", "", kNow);
    CHECK(later->expires == "Tue, 14 Nov 2023 22:47:28 GMT");
    CHECK(later->cache_control == "max-age=2048");
    auto now = expires_fields(conf(Expires::Kind::Access, 0), "", "", kNow);
    CHECK(now->expires == "Tue, 14 Nov 2023 22:13:20 GMT");
    CHECK(now->cache_control == "max-age=0");
    auto past = expires_fields(conf(Expires::Kind::Access, -2048), "", "", kNow);
    CHECK(past->expires == "Tue, 14 Nov 2023 21:39:12 GMT");
    CHECK(past->cache_control == "no-cache");
}

TEST_CASE("expires modified: after Last-Modified, or after the access when there is none") {
    auto e = conf(Expires::Kind::Modified, 2048);
    auto old = expires_fields(e, "", "Mon, 28 Sep 1970 06:00:00 GMT", kNow);
    CHECK(old->expires == "Mon, 28 Sep 1970 06:34:08 GMT");
    CHECK(old->cache_control == "no-cache");  // the age is negative
    auto recent = expires_fields(e, "", "Tue, 14 Nov 2023 22:13:00 GMT", kNow);
    CHECK(recent->cache_control == "max-age=2028");
    auto asctime = expires_fields(e, "", "Tue Nov 14 22:13:00 2023", kNow);  // as nginx, any of the three forms
    CHECK(asctime->cache_control == "max-age=2028");
    CHECK(expires_fields(e, "", "", kNow)->cache_control == "max-age=2048");
}

TEST_CASE("expires daily: the next such time of day") {
    auto daily = expires_fields(conf(Expires::Kind::Daily, 33), "", "", kNow);
    REQUIRE(daily);
    CHECK(daily->expires.find(":33 GMT") != std::string::npos);
    auto age = std::stoll(daily->cache_control.substr(8));
    CHECK(age > 0);
    CHECK(age <= 24 * 3600);
}

TEST_CASE("expires from variables: read per request, nothing when off or malformed") {
    auto access = conf(Expires::Kind::Access, 0, "$arg_e");
    CHECK(expires_fields(access, "epoch", "", kNow)->cache_control == "no-cache");
    CHECK(expires_fields(access, "2048", "", kNow)->cache_control == "max-age=2048");
    CHECK(expires_fields(access, "-2048", "", kNow)->cache_control == "no-cache");
    CHECK_FALSE(expires_fields(access, "off", "", kNow));
    CHECK_FALSE(expires_fields(access, "", "", kNow));
    CHECK_FALSE(expires_fields(access, "bad", "", kNow));
    auto modified = conf(Expires::Kind::Modified, 0, "$arg_e");
    CHECK_FALSE(expires_fields(modified, "epoch", "", kNow));
    CHECK(expires_fields(modified, "2048", "", kNow)->cache_control == "max-age=2048");
}

TEST_CASE("add_header: the last entry for ETag that applies decides it") {
    std::vector<confparse::AddHeader> entries = {
        {"ETag", "a", false}, {"X", "1", false}, {"etag", "", false}, {"ETag", "b", true}};
    CHECK(proxy::deciding_entry(entries, "ETag", true) == &entries[3]);
    CHECK(proxy::deciding_entry(entries, "Last-Modified", true) == nullptr);
    entries[3].always = false;
    CHECK(proxy::deciding_entry(entries, "ETag", false) == nullptr);
    CHECK(proxy::deciding_entry(entries, "ETag", true) == &entries[3]);
}
