#include "proxy/access_check.hpp"

#include <catch2/catch.hpp>

#include "confparse/access_rule.hpp"

using proxy::access_denied;

namespace {

// Rules from "allow X" / "deny X" lines.
std::vector<confparse::AccessRule> rules(std::initializer_list<std::string_view> lines) {
    std::vector<confparse::AccessRule> out;
    for (std::string_view line : lines) {
        const bool deny = line.substr(0, 5) == "deny ";
        out.push_back(*confparse::read_access_rule(line.substr(deny ? 5 : 6), deny));
    }
    return out;
}

}  // namespace

TEST_CASE("the first rule that matches decides; none matching allows", "[access]") {
    auto r =
        rules({"deny 192.168.1.1", "allow 192.168.1.0/24", "allow 10.1.1.0/16", "allow 2001:db8::/32", "deny all"});
    CHECK(access_denied(r, "192.168.1.1"));
    CHECK_FALSE(access_denied(r, "192.168.1.2"));
    CHECK_FALSE(access_denied(r, "10.1.200.3"));
    CHECK(access_denied(r, "10.2.0.1"));
    CHECK_FALSE(access_denied(r, "2001:db8:1::5"));
    CHECK(access_denied(r, "2001:db9::5"));
    CHECK(access_denied(r, "unix:"));
    CHECK_FALSE(access_denied({}, "192.168.1.1"));
    CHECK_FALSE(access_denied(rules({"deny 10.0.0.1"}), "10.0.0.2"));
}

TEST_CASE("each family is checked against its own rules and all", "[access]") {
    // as nginx: IPv6 rules alone leave IPv4 clients alone, and the other way round
    CHECK_FALSE(access_denied(rules({"deny ::/0"}), "127.0.0.1"));
    CHECK(access_denied(rules({"deny ::/0"}), "::1"));
    CHECK_FALSE(access_denied(rules({"deny 0.0.0.0/0"}), "::1"));
    CHECK(access_denied(rules({"deny all", "allow unix:"}), "unix:"));  // "all" comes first
    CHECK_FALSE(access_denied(rules({"allow unix:", "deny all"}), "unix:"));
    CHECK_FALSE(access_denied(rules({"deny unix:"}), "127.0.0.1"));
    CHECK(access_denied(rules({"deny unix:"}), "unix:"));
}

TEST_CASE("an IPv4-mapped IPv6 client is checked as IPv4 when there are IPv4 rules", "[access]") {
    CHECK(access_denied(rules({"deny 127.0.0.1", "allow ::/0"}), "::ffff:127.0.0.1"));
    CHECK_FALSE(access_denied(rules({"allow 127.0.0.1", "deny ::/0"}), "::ffff:127.0.0.1"));
    // without IPv4 rules it is an IPv6 address like any other
    CHECK(access_denied(rules({"deny ::ffff:0:0/96"}), "::ffff:127.0.0.1"));
}
