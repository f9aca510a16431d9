// valid_referers (nginx's referer module) as the schema reads and merges it: where each referer goes,
// what a level inherits, and nginx's messages.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse_test::in_http;
using confparse_test::TempPrefix;

TEST_CASE("valid_referers are sorted and merged as nginx's referer module does", "[referer]") {
    TempPrefix t;
    auto loaded =
        t.load(in_http("server {\n"
                       "  server_name Srv.org *.wild.org ~^re\\d;\n"
                       "  valid_referers none blocked Exact.ORG/Pics/ *.a.org .b.org www.c.* ~\\.d\\.;\n"
                       "  location /same/ { }\n"
                       "  location /own/ { valid_referers server_names; }\n"
                       "}\n"));
    const confparse::Server& s = loaded.config.http->servers.at(0);
    const auto& v = **s.scope.valid_referers;
    CHECK(v.none);
    CHECK(v.blocked);
    REQUIRE(v.exact.size() == 1);
    CHECK(v.exact[0].key == "exact.org");
    CHECK(v.exact[0].uri == "/Pics/");
    REQUIRE(v.wildcards.size() == 3);
    CHECK(v.wildcards[0].key == "*.a.org");
    CHECK(v.wildcards[2].key == "www.c.*");
    REQUIRE(v.regexes.size() == 1);
    CHECK(v.regexes[0].pattern == "\\.d\\.");
    // a location without valid_referers takes its server's whole
    CHECK(s.locations.at(0).scope.valid_referers->get() == &v);
    // one with its own has the server's names, no "none", and (having no regex) the server's regexes
    const auto& own = **s.locations.at(1).scope.valid_referers;
    CHECK_FALSE(own.none);
    REQUIRE(own.exact.size() == 1);
    CHECK(own.exact[0].key == "srv.org");
    REQUIRE(own.wildcards.size() == 1);
    CHECK(own.wildcards[0].key == "*.wild.org");
    REQUIRE(own.server_name_regexes.size() == 1);
    CHECK(own.server_name_regexes[0].pattern == "^re\\d");
    REQUIRE(own.regexes.size() == 1);
    CHECK(*s.locations.at(1).scope.referer_hash_max_size == 2048);
}

TEST_CASE("valid_referers messages are nginx's", "[referer]") {
    TempPrefix t;
    auto error = [&](const std::string& text) { return t.error(in_http(text)); };
    const std::string none =
        "the \"none\" or \"blocked\" referers are specified in the \"valid_referers\" "
        "directive without any valid referer";
    CHECK(error("server { valid_referers none; }\n") == none);
    CHECK(error("server { valid_referers none ~foo; }\n") == none);
    CHECK(error("server { server_name ~^www; valid_referers none server_names; }\n") == none);
    CHECK(error("server { valid_referers blocked server_names; }\n").empty());
    CHECK(error("valid_referers a.com;\n") ==
          "\"valid_referers\" directive is not allowed here in {P}conf/nginx.conf:3");
    CHECK(error("server { valid_referers \"\"; }\n") == "invalid referer \"\" in {P}conf/nginx.conf:3");
    CHECK(error("server { valid_referers ~; }\n") == "empty regex in \"~\" in {P}conf/nginx.conf:3");
    CHECK(error("server { valid_referers a.com A.com; }\n") ==
          "conflicting parameter \"a.com\" in {P}conf/nginx.conf:3");
    CHECK(error("server { valid_referers .a.com a.com; }\n") ==
          "conflicting parameter \"a.com\" in {P}conf/nginx.conf:3");
    CHECK(error("server { valid_referers .a.com/x *.a.com; }\n") ==
          "conflicting parameter \"*.a.com\" in {P}conf/nginx.conf:3");
    CHECK(error("server { valid_referers a.com; valid_referers a.com/x; }\n") ==
          "conflicting parameter \"a.com\" in {P}conf/nginx.conf:3");
    // a server name is added when the levels merge: its conflict is reported at the end of http
    CHECK(error("server { server_name a.com;\n location / { valid_referers server_names a.com; }\n}\n") ==
          "conflicting parameter \"a.com\" in {P}conf/nginx.conf:6");
    CHECK(error("server { valid_referers *.a.*; }\n") ==
          "invalid hostname or wildcard \"*.a.*\" in {P}conf/nginx.conf:3");
    CHECK(error("server { referer_hash_max_size abc; }\n") ==
          "\"referer_hash_max_size\" directive invalid number in {P}conf/nginx.conf:3");
    CHECK(error("server { referer_hash_max_size 1; referer_hash_max_size 2; }\n") ==
          "\"referer_hash_max_size\" directive is duplicate in {P}conf/nginx.conf:3");
    CHECK(error("server { referer_hash_max_size 0; valid_referers a.com; }\n") ==
          "could not build referer_hash, you should increase referer_hash_max_size: 0");
    CHECK(error("server { referer_hash_bucket_size 100000; valid_referers a.com; }\n") ==
          "could not build referer_hash, too large referer_hash_bucket_size: 100032");
    CHECK(error("server { referer_hash_bucket_size 1; valid_referers " + std::string(47, 'a') + "; }\n") ==
          "could not build referer_hash, you should increase referer_hash_bucket_size: 64");
    CHECK(error("server { valid_referers " + std::string(46, 'a') + " a.com/; }\n").empty());
    // a wildcard's hash holds its labels: each must fit, not the whole name
    CHECK(error("server { valid_referers *." + std::string(47, 'a') + ".b; }\n") ==
          "could not build referer_hash, you should increase referer_hash_bucket_size: 64");
    CHECK(error("server { valid_referers ." + std::string(40, 'a') + "." + std::string(40, 'b') + "; }\n").empty());
}
