// The proxy cache directives as the schema reads them: nginx's checks and messages, and a warning per
// cache, as nproxy does not cache.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse_test::in_http;
using confparse_test::in_server;
using confparse_test::TempPrefix;

TEST_CASE("a configuration using the proxy cache loads, with a warning per cache", "[proxy_cache]") {
    TempPrefix t;
    auto loaded = t.load(
        in_http("proxy_cache_path cache/one/ levels=1:2 keys_zone=one:10m inactive=1h max_size=1g min_free=10m\n"
                "    use_temp_path=off loader_files=50 loader_sleep=100ms loader_threshold=300 manager_files=10\n"
                "    manager_sleep=1s manager_threshold=2s;\n"
                "proxy_cache_path /tmp/two keys_zone=two:12k;\n"
                "proxy_cache one;\n"
                "proxy_cache_key $scheme$host$request_uri;\n"
                "proxy_cache_valid 200 302 10m;\n"
                "proxy_cache_valid any 1m;\n"
                "proxy_cache_methods GET HEAD POST;\n"
                "proxy_cache_min_uses 2;\n"
                "proxy_cache_bypass $cookie_nocache $arg_nocache;\n"
                "proxy_no_cache $http_pragma;\n"
                "proxy_cache_use_stale error timeout updating http_500;\n"
                "proxy_cache_lock on;\n"
                "proxy_cache_lock_timeout 3s;\n"
                "proxy_cache_lock_age 4s;\n"
                "proxy_cache_revalidate on;\n"
                "proxy_cache_background_update on;\n"
                "proxy_cache_convert_head off;\n"
                "proxy_cache_max_range_offset 1m;\n"
                "server { listen 8080; location / { proxy_cache $arg_zone; } location /off { proxy_cache off; } }\n"));
    const auto& http = *loaded.config.http;
    REQUIRE(http.proxy_cache_zones.size() == 2);
    CHECK(http.proxy_cache_zones[0].name == "one");
    CHECK(http.proxy_cache_zones[0].path == t.prefix() + "cache/one");  // as nginx: under the prefix
    CHECK(http.proxy_cache_zones[1].size == 12288);
    CHECK(*http.servers[0].scope.proxy_cache == "one");
    CHECK(*http.servers[0].locations[1].scope.proxy_cache == "");
    REQUIRE(loaded.config.warnings.size() == 2);
    CHECK(loaded.config.warnings[0].level() == "warn");
    CHECK(loaded.config.warnings[0].message() ==
          "\"proxy_cache_path\" is read but nproxy does not cache: every response is fetched from the upstream");
    CHECK(loaded.config.warnings[0].where().line == 5);
    CHECK(loaded.config.warnings[1].where().line == 6);
    CHECK_FALSE(std::filesystem::exists(t.prefix() + "cache/one"));  // nothing is stored, no folder made
}

TEST_CASE("the proxy cache directives refuse what nginx refuses, with its messages", "[proxy_cache]") {
    TempPrefix t;
    const std::pair<std::string, std::string> cases[] = {
        {"proxy_cache_path /c levels=3 keys_zone=a:1m;", "invalid \"levels\" \"levels=3\""},
        {"proxy_cache_path /c levels=1: keys_zone=a:1m;", "invalid \"levels\" \"levels=1:\""},
        {"proxy_cache_path /c levels=1:2:2:1 keys_zone=a:1m;", "invalid \"levels\" \"levels=1:2:2:1\""},
        {"proxy_cache_path /c use_temp_path=yes keys_zone=a:1m;",
         "invalid use_temp_path value \"use_temp_path=yes\", it must be \"on\" or \"off\""},
        {"proxy_cache_path /c keys_zone=a;", "invalid keys zone size \"keys_zone=a\""},
        {"proxy_cache_path /c keys_zone=a:x;", "invalid keys zone size \"keys_zone=a:x\""},
        {"proxy_cache_path /c keys_zone=a:8191;", "keys zone \"keys_zone=a:8191\" is too small"},
        {"proxy_cache_path /c keys_zone=a:1m inactive=1x;", "invalid inactive value \"inactive=1x\""},
        {"proxy_cache_path /c keys_zone=a:1m max_size=-1;", "invalid max_size value \"max_size=-1\""},
        {"proxy_cache_path /c keys_zone=a:1m min_free=1t;", "invalid min_free value \"min_free=1t\""},
        {"proxy_cache_path /c keys_zone=a:1m loader_files=x;", "invalid loader_files value \"loader_files=x\""},
        {"proxy_cache_path /c keys_zone=a:1m loader_sleep=1y;", "invalid loader_sleep value \"loader_sleep=1y\""},
        {"proxy_cache_path /c keys_zone=a:1m loader_threshold=;",
         "invalid loader_threshold value \"loader_threshold=\""},
        {"proxy_cache_path /c keys_zone=a:1m manager_files=-1;", "invalid manager_files value \"manager_files=-1\""},
        {"proxy_cache_path /c keys_zone=a:1m manager_sleep=x;", "invalid manager_sleep value \"manager_sleep=x\""},
        {"proxy_cache_path /c keys_zone=a:1m manager_threshold=x;",
         "invalid manager_threshold value \"manager_threshold=x\""},
        {"proxy_cache_path /c keys_zone=a:1m purger=on;", "invalid parameter \"purger=on\""},
        {"proxy_cache_path /c levels=1:2;", "\"proxy_cache_path\" must have \"keys_zone\" parameter"},
        {"proxy_cache_path /c keys_zone=:1m;", "\"proxy_cache_path\" must have \"keys_zone\" parameter"},
        {"proxy_cache_path /c;", "invalid number of arguments in \"proxy_cache_path\" directive"},
        {"proxy_cache_path /c keys_zone=a:1m; proxy_cache_path /d keys_zone=a:1m;", "duplicate zone \"a\""},
        {"proxy_cache_path /c keys_zone=a:1m; proxy_cache_path /d keys_zone=a:2m;",
         "the size 2097152 of shared memory zone \"a\" conflicts with already declared size 1048576"},
        {"proxy_cache_path /c keys_zone=a:1m; proxy_cache_path /c keys_zone=b:1m;",
         "the same path name \"/c\" used in {P}conf/nginx.conf:3 and"},
        {"limit_req_zone $uri zone=a:1m rate=1r/s; proxy_cache_path /c keys_zone=a:1m;",
         "the shared memory zone \"a\" is already declared for a different use"},
        {"proxy_cache_path /c keys_zone=a:1m; limit_conn_zone $uri zone=a:1m;",
         "the shared memory zone \"a\" is already declared for a different use"},
        {"proxy_cache a; limit_req_zone $uri zone=a:1m rate=1r/s;",
         "the shared memory zone \"a\" is already declared for a different use"},
        {"limit_conn_zone $uri zone=a:1m; proxy_cache a;",
         "the shared memory zone \"a\" is already declared for a different use"},
        {"limit_req zone=a; proxy_cache_path /c keys_zone=a:1m;",
         "the shared memory zone \"a\" is already declared for a different use"},
        {"proxy_cache_path /c keys_zone=a:1m; limit_req zone=a;",
         "the shared memory zone \"a\" is already declared for a different use"},
        {"proxy_cache a; limit_conn a 1;", "the shared memory zone \"a\" is already declared for a different use"},
        {"ssl_session_cache shared:a:1m; proxy_cache a;",
         "the shared memory zone \"a\" is already declared for a different use"},
        {"proxy_cache_path /c keys_zone=a:1m; ssl_session_cache shared:a:1m;",
         "the shared memory zone \"a\" is already declared for a different use"},
        {"proxy_cache a; proxy_cache off;", "\"proxy_cache\" directive is duplicate"},
        {"proxy_cache ${bad;", "the closing bracket in \"bad\" variable is missing"},
        {"proxy_cache_bypass $arg_a ${a;", "the closing bracket in \"a\" variable is missing"},
        {"proxy_cache_key $uri; proxy_cache_key $uri;", "\"proxy_cache_key\" directive is duplicate"},
        {"proxy_cache_valid 10x;", "invalid time value \"10x\""},
        {"proxy_cache_valid 200 abc 1m;", "invalid status \"abc\""},
        {"proxy_cache_valid 600 1m;", "invalid status \"600\""},
        {"proxy_cache_valid 99 1m;", "invalid status \"99\""},
        {"proxy_cache_methods GET PUT;", "invalid value \"PUT\""},
        {"proxy_cache_min_uses x;", "\"proxy_cache_min_uses\" directive invalid number"},
        {"proxy_cache_min_uses 1; proxy_cache_min_uses 2;", "\"proxy_cache_min_uses\" directive is duplicate"},
        {"proxy_cache_use_stale error stale;", "invalid value \"stale\""},
        {"proxy_cache_lock maybe;",
         "invalid value \"maybe\" in \"proxy_cache_lock\" directive, it must be \"on\" or \"off\""},
        {"proxy_cache_revalidate on; proxy_cache_revalidate on;", "\"proxy_cache_revalidate\" directive is duplicate"},
        {"proxy_cache_lock_timeout 1y;", "\"proxy_cache_lock_timeout\" directive invalid value"},
        {"proxy_cache_max_range_offset x;", "\"proxy_cache_max_range_offset\" directive invalid value"},
        {"proxy_no_cache $unknown_thing;", "unknown \"unknown_thing\" variable"},
    };
    for (const auto& [conf, message] : cases) {
        INFO(conf);
        std::string got = t.error(in_http(conf + "\n"));
        if (message.rfind("unknown", 0) == 0) {
            CHECK(got == message);  // as nginx: found when http is whole, without a place
        } else {
            CHECK(got == message + " in {P}conf/nginx.conf:3");
        }
    }
    // not both at one level
    CHECK(t.error(in_server("proxy_store on; proxy_cache one;\n")) ==
          "\"proxy_cache\" directive is incompatible with \"proxy_store\" in {P}conf/nginx.conf:5");
}

TEST_CASE("proxy_cache's zone is looked up when http closes, as nginx's merge does", "[proxy_cache]") {
    TempPrefix t;
    // at the end of http, on its closing line, for any server or location that has it
    CHECK(t.error(in_server("location / { proxy_cache nope; }\n")) ==
          "\"proxy_cache\" zone \"nope\" is unknown in {P}conf/nginx.conf:7");
    CHECK(t.error(in_http("proxy_cache nope;\nserver { listen 8080; }\n")) ==
          "\"proxy_cache\" zone \"nope\" is unknown in {P}conf/nginx.conf:5");
    // a name no server inherits is a shared zone of no size
    CHECK(t.error(in_http("proxy_cache nope;\nserver { listen 8080; proxy_cache off; }\n")) ==
          "zero size shared memory zone \"nope\"");
    // declared later in http, or given with variables: fine
    CHECK(t.error(in_server("location / { proxy_cache later; }\n}\nproxy_cache_path /c keys_zone=later:1m;\n"
                            "server { listen 8081; proxy_cache $host;\n")) == "");
}

TEST_CASE("proxy_cache_path's folders and zone sizes as nginx finds them", "[proxy_cache]") {
    TempPrefix t;
    // as nginx: a relative folder is compared once made whole, an absolute one as written
    CHECK(t.error(in_http("proxy_cache_path c keys_zone=a:1m;\nproxy_cache_path c/ keys_zone=b:1m;\n")) ==
          "the same path name \"{P}c\" used in {P}conf/nginx.conf:3 and in {P}conf/nginx.conf:4");
    CHECK(t.error(in_http("proxy_cache_path /c keys_zone=a:1m;\nproxy_cache_path /c/ keys_zone=b:1m;\n")) == "");
    // the cache's own state does not fit in a zone under three pages, found when nginx makes the zones
    CHECK(t.error(in_http("proxy_cache_path /c keys_zone=a:12287;\n")) == "ngx_slab_alloc() failed: no memory");
    CHECK(t.error(in_http("proxy_cache_path /c keys_zone=a:12288;\n")) == "");
}

TEST_CASE("a value named twice in a bitmask directive is warned about, as nginx does", "[proxy_cache]") {
    TempPrefix t;
    auto loaded = t.load(in_http("proxy_cache_methods GET GET;\n"));
    REQUIRE(loaded.config.warnings.size() == 1);
    CHECK(loaded.config.warnings[0].message() == "duplicate value \"GET\"");
}
