// The "syslog:" target of error_log and access_log: its parameters, defaults and nginx's messages.
#include <catch2/catch.hpp>

#include <string>

#include "temp_config.hpp"

using confparse_test::TempPrefix;

namespace {

std::string in_http(const std::string& line) { return "events {}\nhttp {\n" + line + "\n}\n"; }

}  // namespace

TEST_CASE("syslog targets: server, facility, severity, tag, nohostname and their defaults", "[syslog]") {
    TempPrefix t;
    auto l = t.load(
        "error_log syslog:server=127.0.0.1 warn;\nevents {}\nhttp {\n"
        "access_log syslog:server=unix:/dev/log,facility=local0,severity=notice,tag=web_1,nohostname;\n}\n");
    const auto& error = l.config.main.error_log.at(0);
    REQUIRE(error.syslog);
    CHECK(error.syslog->server == "127.0.0.1:514");
    CHECK((error.syslog->facility == 23 && error.syslog->severity == 6 && error.syslog->tag == "nginx"));
    CHECK(error.syslog->hostname);
    const auto& access = l.config.http->scope.access_log->at(0);
    REQUIRE(access.syslog);
    CHECK(access.syslog->server == "unix:/dev/log");
    CHECK((access.syslog->facility == 16 && access.syslog->severity == 5 && access.syslog->tag == "web_1"));
    CHECK_FALSE(access.syslog->hostname);
}

TEST_CASE("syslog targets refuse what nginx refuses, with its messages", "[syslog]") {
    TempPrefix t;
    const std::pair<const char*, const char*> cases[] = {
        {"access_log syslog:facility=local0;", "no syslog server specified"},
        {"access_log syslog:server=127.0.0.1,foo=1;", "unknown syslog parameter \"foo=1\""},
        {"access_log syslog:server=127.0.0.1,server=127.0.0.2;", "duplicate syslog \"server\""},
        {"access_log syslog:server=127.0.0.1,facility=bogus;", "unknown syslog facility \"bogus\""},
        {"access_log syslog:server=127.0.0.1,severity=err;", "unknown syslog severity \"err\""},
        {"access_log syslog:server=127.0.0.1,tag=a-b;",
         "syslog \"tag\" only allows alphanumeric characters and underscore"},
        {"access_log syslog:server=127.0.0.1,tag=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;", "syslog tag length exceeds 32"},
        {"access_log syslog:server=127.0.0.1:99999;", "invalid port in syslog server \"127.0.0.1:99999\""},
        {"access_log syslog:server=unix:;", "no path in the unix domain socket in syslog server \"unix:\""},
        {"access_log syslog:server=127.0.0.1 combined buffer=4k;", "logs to syslog cannot be buffered"},
    };
    for (const auto& [line, message] : cases) {
        INFO(line);
        CHECK(t.error(in_http(line)) == std::string(message) + " in {P}conf/nginx.conf:3");
    }
}
