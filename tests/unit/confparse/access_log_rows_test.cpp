// access_log's buffering parameters and open_log_file_cache, as nginx reads them.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse_test::in_server;
using confparse_test::TempPrefix;

TEST_CASE("access_log gzip: buffered, 64k unless told, level 1 unless given") {
    TempPrefix t;
    auto l = t.load(in_server("location /a { access_log logs/a.log combined gzip; }\n"
                              "location /b { access_log logs/b.log combined gzip=9 buffer=8k flush=2s; }\n"));
    const auto& locations = l.config.http->servers.at(0).locations;
    const auto& a = locations.at(0).scope.access_log->at(0);
    CHECK(a.gzip == 1);
    CHECK(a.buffer == 64 * 1024);
    CHECK(a.flush == 0);
    const auto& b = locations.at(1).scope.access_log->at(0);
    CHECK(b.gzip == 9);
    CHECK(b.buffer == 8 * 1024);
    CHECK(b.flush == 2000);
}

TEST_CASE("access_log: the buffering errors of nginx -t") {
    TempPrefix t;
    CHECK(t.error(in_server("access_log x.log combined gzip=10;\n")) ==
          "invalid compression level \"10\" in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("access_log x.log combined gzip=a;\n")) ==
          "invalid compression level \"a\" in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("access_log x.log combined flush=0 buffer=1k;\n")) ==
          "invalid flush time \"0\" in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("access_log x_$uri combined gzip;\n")) ==
          "buffered logs cannot have variables in name in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("access_log syslog:server=127.0.0.1 combined buffer=1k;\n")) ==
          "logs to syslog cannot be buffered in {P}conf/nginx.conf:5");
}

TEST_CASE("access_log: every buffered log of one file buffers it the same way") {
    TempPrefix t;
    CHECK(t.error(in_server("access_log x.log combined buffer=1k;\nlocation / { access_log x.log combined buffer=2k; }\n")) ==
          "access_log \"x.log\" already defined with conflicting parameters in {P}conf/nginx.conf:6");
    CHECK(t.error(in_server("access_log x.log combined gzip;\naccess_log x.log combined buffer=64k;\n")) ==
          "access_log \"x.log\" already defined with conflicting parameters in {P}conf/nginx.conf:6");
    CHECK(t.error(in_server("access_log x.log combined gzip;\naccess_log x.log combined buffer=64k gzip=1;\n"
                            "access_log x.log combined;\n")) == "");
}

TEST_CASE("open_log_file_cache: parameters, defaults, off, and inheritance") {
    TempPrefix t;
    auto l = t.load(in_server("open_log_file_cache max=3 inactive=20s valid=1m min_uses=2;\n"
                              "location /a { }\n"
                              "location /b { open_log_file_cache max=10; }\n"
                              "location /c { open_log_file_cache max=1 off; }\n"));
    const auto& server = l.config.http->servers.at(0);
    const auto& own = *server.scope.open_log_file_cache;
    CHECK(own.max == 3);
    CHECK(own.inactive == 20);
    CHECK(own.valid == 60);
    CHECK(own.min_uses == 2);
    const auto& inherited = *server.locations.at(0).scope.open_log_file_cache;
    CHECK(inherited.max == 3);
    CHECK(inherited.where.line == own.where.line);  // the same cache, not a copy of its settings
    const auto& defaults = *server.locations.at(1).scope.open_log_file_cache;
    CHECK(defaults.max == 10);
    CHECK(defaults.inactive == 10);
    CHECK(defaults.valid == 60);
    CHECK(defaults.min_uses == 1);
    CHECK(server.locations.at(2).scope.open_log_file_cache->max == 0);
    CHECK(l.config.http->scope.open_log_file_cache->max == 0);  // off unless configured
}

TEST_CASE("open_log_file_cache: the errors of nginx -t") {
    TempPrefix t;
    CHECK(t.error(in_server("open_log_file_cache max=0;\n")) ==
          "\"open_log_file_cache\" must have \"max\" parameter in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("open_log_file_cache inactive=1s;\n")) ==
          "\"open_log_file_cache\" must have \"max\" parameter in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("open_log_file_cache max=a;\n")) ==
          "invalid \"open_log_file_cache\" parameter \"max=a\" in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("open_log_file_cache max=-1;\n")) ==
          "invalid \"open_log_file_cache\" parameter \"max=-1\" in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("open_log_file_cache max=1 foo;\n")) ==
          "invalid \"open_log_file_cache\" parameter \"foo\" in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("open_log_file_cache max=1 inactive=1ms;\n")) ==
          "invalid \"open_log_file_cache\" parameter \"inactive=1ms\" in {P}conf/nginx.conf:5");
    CHECK(t.error(in_server("open_log_file_cache off;\nopen_log_file_cache off;\n")) ==
          "\"open_log_file_cache\" directive is duplicate in {P}conf/nginx.conf:6");
    CHECK(t.error(in_server("open_log_file_cache max=1 min_uses=0;\n")) == "");
    CHECK(t.error(in_server("location / { open_log_file_cache max=1; if ($uri) { open_log_file_cache max=2; } }\n")) ==
          "\"open_log_file_cache\" directive is not allowed here in {P}conf/nginx.conf:5");
}
