// Feeds arbitrary bytes to confparse as the text of a log_format, then compiles what it accepts into a
// proxy::Template and renders it for a request in each escape mode, as an access log line is written.
// A crash or sanitizer report is a bug; a ConfigError is the expected refusal of bad input.
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include "confparse/load.hpp"
#include "proxy/variables.hpp"
#include "tests/fuzz/fuzz_prefix.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view format(reinterpret_cast<const char*>(data), size);
    if (format.find('\'') != std::string_view::npos || format.find('\\') != std::string_view::npos) return 0;
    std::string conf = fuzz_prefix() + "conf/nginx.conf";
    std::ofstream(conf, std::ios::trunc) << "events {}\nhttp {\n    log_format f '" << format
                                         << "';\n    access_log off;\n    server { listen 127.0.0.1:8080; }\n}\n";
    confparse::Config config;
    try {
        config = confparse::load({fuzz_prefix(), conf, ""}).config;
    } catch (const confparse::ConfigError&) {
        return 0;
    }
    proxy::ConnectionContext connection;
    connection.id = 7;
    connection.remote_addr = "127.0.0.1";
    proxy::RequestContext r;
    r.connection = &connection;
    r.server = &config.http->servers.front();
    r.method = "GET";
    r.request_uri = "/a%20b?x=\"1\"";
    r.request_line = "GET " + r.request_uri + " HTTP/1.1";
    r.uri = "/a b";
    r.args = "x=\"1\"";
    r.has_args = true;
    r.headers = {{"Host", "example.com"}, {"User-Agent", std::string(format.substr(0, 64))}};
    // Named fields, so that a field added to UpstreamAttempt does not shift these values into another.
    r.upstream = {{.addr = "127.0.0.1:1", .status = 502},
                  {.addr = "127.0.0.1:2",
                   .status = 200,
                   .response_length = 5,
                   .connect_time = 0.1,
                   .header_time = 0.2,
                   .response_time = 0.3,
                   .bytes_sent = 10,
                   .bytes_received = 20}};
    proxy::Template compiled(config.http->log_formats.at("f").text);
    for (auto escape :
         {proxy::Template::Escape::None, proxy::Template::Escape::Default, proxy::Template::Escape::Json}) {
        compiled.render(r, proxy::Template::Missing::Dash, escape);
    }
    return 0;
}
