#include "proxy/access_check.hpp"

#include <catch2/catch.hpp>

#include "confparse/access_rule.hpp"


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

// What the rules say of the client: "deny" (403), "allow", or "none" (declined).
std::string said(const std::vector<confparse::AccessRule>& rules, std::string_view client) {
    const int answer = proxy::access_answer(rules, client);
    return answer == 403 ? "deny" : answer == proxy::kAccessAllowed ? "allow" : "none";
}

}  // namespace

TEST_CASE("the first rule that matches decides; none matching has no say", "[access]") {
    auto r =
        rules({"deny 192.168.1.1", "allow 192.168.1.0/24", "allow 10.1.1.0/16", "allow 2001:db8::/32", "deny all"});
    CHECK(said(r, "192.168.1.1") == "deny");
    CHECK(said(r, "192.168.1.2") == "allow");
    CHECK(said(r, "10.1.200.3") == "allow");
    CHECK(said(r, "10.2.0.1") == "deny");
    CHECK(said(r, "2001:db8:1::5") == "allow");
    CHECK(said(r, "2001:db9::5") == "deny");
    CHECK(said(r, "unix:") == "deny");
    CHECK(said({}, "192.168.1.1") == "none");
    CHECK(said(rules({"deny 10.0.0.1"}), "10.0.0.2") == "none");
}

TEST_CASE("each family is checked against its own rules and all", "[access]") {
    // as nginx: IPv6 rules alone leave IPv4 clients alone, and the other way round
    CHECK(said(rules({"deny ::/0"}), "127.0.0.1") == "none");
    CHECK(said(rules({"deny ::/0"}), "::1") == "deny");
    CHECK(said(rules({"deny 0.0.0.0/0"}), "::1") == "none");
    CHECK(said(rules({"deny all", "allow unix:"}), "unix:") == "deny");  // "all" comes first
    CHECK(said(rules({"allow unix:", "deny all"}), "unix:") == "allow");
    CHECK(said(rules({"deny unix:"}), "127.0.0.1") == "none");
    CHECK(said(rules({"deny unix:"}), "unix:") == "deny");
}

TEST_CASE("an IPv4-mapped IPv6 client is checked as IPv4 when there are IPv4 rules", "[access]") {
    CHECK(said(rules({"deny 127.0.0.1", "allow ::/0"}), "::ffff:127.0.0.1") == "deny");
    CHECK(said(rules({"allow 127.0.0.1", "deny ::/0"}), "::ffff:127.0.0.1") == "allow");
    // without IPv4 rules it is an IPv6 address like any other
    CHECK(said(rules({"deny ::ffff:0:0/96"}), "::ffff:127.0.0.1") == "deny");
}
