// load_module, thread_pool, worker_rlimit_core and the HTTP/2 module's directives: checked as nginx 1.22
// checks them (the messages compared with nginx -t), with nginx's warnings.
#include <catch2/catch.hpp>

#include <fstream>

#include "temp_config.hpp"

using confparse_test::in_http;
using confparse_test::TempPrefix;

namespace {

std::string warnings_of(const confparse::Loaded& l) {
    std::string out;
    for (const auto& w : l.config.warnings) out += w.message() + " @" + std::to_string(w.where().line) + "\n";
    return out;
}

}  // namespace

TEST_CASE("load_module checks that the module's file opens, and says it is not loaded", "[schema][modules]") {
    TempPrefix t;
    CHECK(t.error("load_module modules/none.so;\nevents {}\n") ==
          "dlopen() \"{P}modules/none.so\" failed ({P}modules/none.so: cannot open shared object file: No such file "
          "or directory) in {P}conf/nginx.conf:1");
    CHECK(t.error("events {}\nload_module modules/x.so;\n") ==
          "\"load_module\" directive is specified too late in {P}conf/nginx.conf:2");
    CHECK(t.error("http {}\nload_module modules/x.so;\nevents {}\n") ==
          "\"load_module\" directive is specified too late in {P}conf/nginx.conf:2");

    t.write("../modules/ngx_http_geoip_module.so", "not really a module");
    auto l = t.load("load_module modules/ngx_http_geoip_module.so;\nevents {}\n");
    CHECK(warnings_of(l) == "nginx module \"" + t.prefix() +
                                "modules/ngx_http_geoip_module.so\" is not loaded by nproxy; its directives will be "
                                "refused @1\n");
    CHECK(t.error("load_module modules/ngx_http_geoip_module.so;\nevents {}\nhttp { geoip_country x; }\n") ==
          "\"geoip_country\" directive is not supported by nproxy in {P}conf/nginx.conf:3");
}

TEST_CASE("thread_pool and worker_rlimit_core", "[schema][modules]") {
    TempPrefix t;
    CHECK(t.error("thread_pool io threads=4 max_queue=100;\nthread_pool two other threads=1;\nevents {}\n").empty());
    CHECK(t.error("thread_pool io threads=0;\nevents {}\n") ==
          "invalid threads value \"threads=0\" in {P}conf/nginx.conf:1");
    CHECK(t.error("thread_pool io threads=2 max_queue=x;\nevents {}\n") ==
          "invalid max_queue value \"max_queue=x\" in {P}conf/nginx.conf:1");
    CHECK(t.error("thread_pool io max_queue=1;\nevents {}\n") ==
          "\"thread_pool\" must have \"threads\" parameter in {P}conf/nginx.conf:1");
    CHECK(t.error("thread_pool io threads=1;\nthread_pool io threads=2;\nevents {}\n") ==
          "duplicate thread pool \"io\" in {P}conf/nginx.conf:2");

    CHECK(*t.load("worker_rlimit_core 500M;\nevents {}\n").config.main.worker_rlimit_core == 500 * 1024 * 1024);
    CHECK_FALSE(t.load("events {}\n").config.main.worker_rlimit_core);
    CHECK(t.error("worker_rlimit_core lots;\nevents {}\n") ==
          "\"worker_rlimit_core\" directive invalid value in {P}conf/nginx.conf:1");
    CHECK(t.error("worker_rlimit_core 1;\nworker_rlimit_core 2;\nevents {}\n") ==
          "\"worker_rlimit_core\" directive is duplicate in {P}conf/nginx.conf:2");
    CHECK(t.error("events { worker_aio_requests many; }\n") ==
          "\"worker_aio_requests\" directive invalid number in {P}conf/nginx.conf:1");
}

TEST_CASE("the HTTP/2 module's directives are checked as nginx checks them", "[schema][http2]") {
    TempPrefix t;
    CHECK(t.error(in_http("http2_recv_buffer_size 256k; http2_pool_size 4k; http2_max_concurrent_streams 128;\n"
                          "http2_max_concurrent_pushes 10; http2_streams_index_size 32; http2_chunk_size 8k;\n"
                          "http2_push_preload on; http2_body_preread_size 64k; http2_push /a.css;\n"
                          "server { listen 8443 http2; location / { http2_push off; } }\n"))
              .empty());
    CHECK(t.error(in_http("http2_recv_buffer_size 32;\n")) ==
          "\"http2_recv_buffer_size\" directive value is too small in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("server { http2_recv_buffer_size 1m; }\n")) ==
          "\"http2_recv_buffer_size\" directive is not allowed here in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("http2_pool_size 100;\n")) == "the pool size must be no less than 112 in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("http2_streams_index_size 3;\n")) ==
          "\"http2_streams_index_size\" directive must be a power of two in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("http2_chunk_size 0;\n")) == "the http2 chunk size cannot be zero in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("http2_body_preread_size 3g;\n")) ==
          "\"http2_body_preread_size\" directive invalid value in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("http2_body_preread_size 2048m;\n")) ==
          "the maximum body preread buffer size is 2147483647 in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("http2_push off; http2_push off;\n")) ==
          "\"http2_push\" directive is duplicate in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("http2_push off; http2_push /a;\n")) ==
          "\"http2_push\" directive URI cannot be used with \"off\" parameter in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("http2_push /a; http2_push off;\n")) ==
          "\"http2_push\" directive \"off\" parameter cannot be used with URI in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("http2_push /$nosuch;\n")) == "unknown \"nosuch\" variable");

    auto l = t.load(in_http("http2_idle_timeout 3m;\nserver { http2_max_field_size 4k; }\n"));
    CHECK(warnings_of(l) ==
          "the \"http2_idle_timeout\" directive is obsolete, use the \"keepalive_timeout\" directive instead @3\n"
          "the \"http2_max_field_size\" directive is obsolete, use the \"large_client_header_buffers\" directive "
          "instead @4\n");
}

TEST_CASE("pool sizes and the core module's file tuning", "[schema]") {
    TempPrefix t;
    CHECK(t.error(in_http("request_pool_size 100;\n")) == "the pool size must be no less than 112 in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("connection_pool_size 120;\n")) == "the pool size must be a multiple of 16 in {P}conf/nginx.conf:3");
    auto l = t.load(in_http("open_file_cache_events on; aio_write on; directio_alignment 4k;\n"
                            "open_file_cache_min_uses 2; send_lowat 1k;\n"));
    CHECK(warnings_of(l) == "\"send_lowat\" is not supported, ignored @4\n");
    CHECK(t.error(in_http("directio_alignment x;\n")) ==
          "\"directio_alignment\" directive invalid value in {P}conf/nginx.conf:3");
}

TEST_CASE("subrequest_output_buffer_size: a page by default, set per level", "[schema]") {
    TempPrefix t;
    auto l = t.load(in_http("subrequest_output_buffer_size 8k;\nserver { listen 80; location / { }\n"
                            "location /small { subrequest_output_buffer_size 42; } }\n"));
    const auto& locations = l.config.http->servers.at(0).locations;
    CHECK(*locations.at(0).scope.subrequest_output_buffer_size == 8192);
    CHECK(*locations.at(1).scope.subrequest_output_buffer_size == 42);
    CHECK(*t.load(in_http("server { listen 80; }\n")).config.http->servers.at(0).scope.subrequest_output_buffer_size ==
          4096);
    CHECK(t.error(in_http("subrequest_output_buffer_size big;\n")) ==
          "\"subrequest_output_buffer_size\" directive invalid value in {P}conf/nginx.conf:3");
}

TEST_CASE("SSL_CONF commands are refused as nginx built with BoringSSL refuses them", "[schema]") {
    TempPrefix t;
    CHECK(t.error(in_http("ssl_conf_command Options PrioritizeChaCha;\n")) ==
          "\"ssl_conf_command\" directive is not supported on this platform in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("server { location / { proxy_ssl_conf_command Options X; } }\n")) ==
          "\"proxy_ssl_conf_command\" directive is not supported on this platform in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("server { location / { ssl_conf_command Options X; } }\n")) ==
          "\"ssl_conf_command\" directive is not allowed here in {P}conf/nginx.conf:3");
}

TEST_CASE("proxy_store and proxy_store_access as nginx reads them", "[schema][store]") {
    TempPrefix t;
    auto l = t.load(in_http("proxy_store_access group:rw all:r;\nserver { listen 80; location / { proxy_store on; }\n"
                            "location /v { proxy_store /data$uri; proxy_store_access user:r; }\n"
                            "location /n { } }\n"));
    const auto& locations = l.config.http->servers.at(0).locations;
    CHECK(*locations.at(0).scope.proxy_store == "on");
    CHECK(*locations.at(0).scope.proxy_store_access == 0664);
    CHECK(*locations.at(1).scope.proxy_store == "/data$uri");
    CHECK(*locations.at(1).scope.proxy_store_access == 0400);
    CHECK(locations.at(2).scope.proxy_store->empty());
    CHECK(t.error(in_http("proxy_store on; proxy_store off;\n")) ==
          "\"proxy_store\" directive is duplicate in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("proxy_store_access user:x;\n")) == "invalid value \"user:x\" in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("proxy_store_access other:r;\n")) == "invalid value \"other:r\" in {P}conf/nginx.conf:3");
    CHECK(t.error(in_http("proxy_store /x$nosuch;\n")) == "unknown \"nosuch\" variable");
}

TEST_CASE("post_action: a URI or named location, inherited, once per level", "[schema]") {
    TempPrefix t;
    auto l = t.load(in_http("post_action /after;\nserver { listen 80; location / { }\n"
                            "location /n { post_action @n; } location @n { } }\n"));
    const auto& locations = l.config.http->servers.at(0).locations;
    CHECK(*locations.at(0).scope.post_action == "/after");
    CHECK(*locations.at(1).scope.post_action == "@n");
    CHECK(t.error(in_http("post_action /a; post_action /b;\n")) ==
          "\"post_action\" directive is duplicate in {P}conf/nginx.conf:3");
}
