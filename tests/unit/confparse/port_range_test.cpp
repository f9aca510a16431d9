// listen port ranges, expanded as nginx's ngx_parse_inet_url does.
#include <catch2/catch.hpp>

#include "confparse/port_range.hpp"
#include "temp_config.hpp"

using confparse::expand_port_range;

namespace {

std::vector<std::string> expand(std::string_view address) {
    std::string err;
    auto out = expand_port_range(address, err);
    REQUIRE(out);
    return *out;
}

std::string error_of(std::string_view address) {
    std::string err;
    CHECK_FALSE(expand_port_range(address, err));
    return err;
}

}  // namespace

TEST_CASE("port ranges: each port once, for IPv4, IPv6 and a bare port") {
    CHECK(expand("127.0.0.1:8182-8184") ==
          std::vector<std::string>{"127.0.0.1:8182", "127.0.0.1:8183", "127.0.0.1:8184"});
    CHECK(expand("[::1]:80-81") == std::vector<std::string>{"[::1]:80", "[::1]:81"});
    CHECK(expand("8000-8000") == std::vector<std::string>{"8000"});
}

TEST_CASE("port ranges: what names none is left alone") {
    CHECK(expand("127.0.0.1:80") == std::vector<std::string>{"127.0.0.1:80"});
    CHECK(expand("my-host") == std::vector<std::string>{"my-host"});
    CHECK(expand("8-x") == std::vector<std::string>{"8-x"});  // a host name to nginx
    CHECK(expand("unix:/run/a-b:1-2") == std::vector<std::string>{"unix:/run/a-b:1-2"});
    CHECK(expand("[::1]") == std::vector<std::string>{"[::1]"});
}

TEST_CASE("port ranges: nginx's errors") {
    CHECK(error_of("127.0.0.1:9-8") == "invalid port range");
    CHECK(error_of("127.0.0.1:0-8") == "invalid port");
    CHECK(error_of("127.0.0.1:8-70000") == "invalid port");
    CHECK(error_of("[::1]:a-8") == "invalid port");
    confparse_test::TempPrefix t;
    CHECK(t.error(confparse_test::in_server("listen 127.0.0.1:9-8;\n")) ==
          "invalid port range in \"127.0.0.1:9-8\" of the \"listen\" directive in {P}conf/nginx.conf:5");
    CHECK(t.error(confparse_test::in_server("listen 127.0.0.1:8100-8101;\nlisten 127.0.0.1:8101;\n")) ==
          "a duplicate listen 127.0.0.1:8101 in {P}conf/nginx.conf:6");
    auto l = t.load(confparse_test::in_server("listen 127.0.0.1:8100-8102 default_server;\n"));
    const auto& listens = l.config.http->servers.at(0).listens;
    REQUIRE(listens.size() == 4);  // 8080, then the range
    CHECK(listens[3].port == 8102);
    CHECK(listens[3].default_server);
}
