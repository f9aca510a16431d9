// client_body_in_file_only, client_body_temp_path and client_body_in_single_buffer: values, merge, errors.
#include <catch2/catch.hpp>

#include "temp_config.hpp"

using confparse_test::TempPrefix;

TEST_CASE("client_body_in_file_only and client_body_temp_path merge down, relative to the prefix", "[request_body]") {
    TempPrefix t;
    auto l = t.load("events {}\nhttp {\nclient_body_temp_path body/ 1 2;\nserver {\nlisten 80;\n"
                    "client_body_in_file_only clean;\nlocation /a { client_body_in_file_only on; }\n"
                    "location /b { client_body_temp_path /var/spool/b; }\n}\n}\n");
    const auto& server = l.config.http->servers.at(0);
    const auto& a = server.locations.at(0).scope;
    const auto& b = server.locations.at(1).scope;
    CHECK(*a.client_body_in_file_only == confparse::BodyInFile::On);
    CHECK(*b.client_body_in_file_only == confparse::BodyInFile::Clean);
    CHECK(a.client_body_temp_path->path == t.prefix() + "body");
    CHECK(a.client_body_temp_path->levels == std::vector<int>{1, 2});
    CHECK(b.client_body_temp_path->path == "/var/spool/b");
    CHECK(b.client_body_temp_path->levels.empty());
}

TEST_CASE("by default a body is not kept in a file, and the temp path is the prefix's", "[request_body]") {
    TempPrefix t;
    auto l = t.load("events {}\nhttp {\nserver {\nlisten 80;\nlocation / { }\n}\n}\n");
    const auto& s = l.config.http->servers.at(0).locations.at(0).scope;
    CHECK(*s.client_body_in_file_only == confparse::BodyInFile::Off);
    CHECK(s.client_body_temp_path->path.empty());  // resolved at run time: PREFIX/client_body_temp
}

TEST_CASE("the request body directives refuse what nginx refuses, with its messages", "[request_body]") {
    TempPrefix t;
    auto conf = [](const std::string& line) { return "events {}\nhttp {\n" + line + "\n}\n"; };
    CHECK(t.error(conf("client_body_in_file_only maybe;")) == "invalid value \"maybe\" in {P}conf/nginx.conf:3");
    CHECK(t.error(conf("client_body_in_file_only on; client_body_in_file_only off;")) ==
          "\"client_body_in_file_only\" directive is duplicate in {P}conf/nginx.conf:3");
    CHECK(t.error(conf("client_body_temp_path /x 0;")) ==
          "\"client_body_temp_path\" directive invalid value in {P}conf/nginx.conf:3");
    CHECK(t.error(conf("client_body_temp_path /x 5 6;")) ==
          "\"client_body_temp_path\" directive invalid value in {P}conf/nginx.conf:3");
    CHECK(t.error(conf("client_body_temp_path /x 9 1;")).empty());
    CHECK(t.error(conf("client_body_temp_path /x 1 2 3 4;")) ==
          "invalid number of arguments in \"client_body_temp_path\" directive in {P}conf/nginx.conf:3");
    CHECK(t.error(conf("client_body_in_single_buffer maybe;")) ==
          "invalid value \"maybe\" in \"client_body_in_single_buffer\" directive, it must be \"on\" or \"off\" in "
          "{P}conf/nginx.conf:3");
}
