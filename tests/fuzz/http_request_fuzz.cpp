// Feeds arbitrary bytes to the request-reading path as a client connection would, without sockets: the
// request header's pre-pass (empty lines skipped, bare LFs, invalid lines), nginx's header size check,
// Beast's parser (the header, then a sized body) or nproxy's chunked decoder, the smuggling checks, target
// parsing and Host normalisation. The first byte sets the size of the pieces the rest arrives in, as reads
// of different sizes would, and the pre-pass's settings. A crash or sanitizer report is a bug.
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "proxy/header_limits.hpp"
#include "proxy/read_header.hpp"
#include "proxy/request_checks.hpp"
#include "proxy/request_context.hpp"
#include "proxy/request_header_prepass.hpp"
#include "proxy/router.hpp"
#include "proxy/uri.hpp"
#include "tests/fuzz/fuzz_arrive.hpp"

namespace {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::buffer_body>;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::size_t piece = 1 + data[0] % 64;
    std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    namespace http = boost::beast::http;

    boost::beast::flat_buffer buffer;
    RequestParser parser;
    parser.body_limit(boost::none);
    proxy::HeaderSizeCheck limits(1024, confparse::LargeBuffers{4, 8192});
    parser.header_limit(static_cast<std::uint32_t>(limits.bound()));
    proxy::HeaderAsSent as_sent;
    proxy::RequestHeaderPrepass prepass((data[0] & 2) != 0, (data[0] & 4) != 0, as_sent);
    while (!parser.is_header_done()) {
        if (!arrive(input, piece, buffer)) return 0;
        prepass.line_ends(buffer);
        if (buffer.size() == 0) continue;
        if (!limits.fits({static_cast<const char*>(buffer.data().data()), buffer.size()})) return 0;
        limits.resized(prepass.lines(buffer));
        boost::system::error_code ec = http::error::need_more;
        std::size_t used = 0;
        if (std::size_t ready = prepass.ready(buffer); ready > 0) {
            used = parser.put(boost::asio::buffer(buffer.data().data(), ready), ec);
        }
        buffer.consume(used);
        limits.consumed(used);
        prepass.consumed(used);
        if (ec && ec != http::error::need_more) return 0;
    }

    const auto& req = parser.get();
    proxy::RequestContext r;
    r.method = std::string(req.method_string());
    r.request_uri = std::string(req.target());
    r.http_version = req.version() == 10 ? 10 : 11;
    for (const auto& field : req) r.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    proxy::keeps_alive(r);
    if (proxy::duplicate_field(r).status != 0 || proxy::framing_or_method(r).status != 0) return 0;
    auto target = proxy::parse_target(r.request_uri, data[0] & 1);
    if (target) proxy::normalize_host(target->host);
    if (const std::string* host = r.header("Host")) proxy::normalize_host(*host);

    char body[512];
    if (parser.chunked()) {  // as the server: nproxy's decoder reads a chunked body, not Beast's parser
        for (;;) {
            auto step = r.chunked_body.decode({static_cast<const char*>(buffer.data().data()), buffer.size()}, body,
                                              sizeof body, data[0] & 2 ? 4096 : 0);
            buffer.consume(step.used);
            if (step.status != proxy::ChunkedDecoder::Status::More) return 0;
            if (step.produced == 0 && !arrive(input, piece, buffer)) return 0;
        }
    }
    while (!parser.is_done()) {
        parser.get().body().data = body;
        parser.get().body().size = sizeof body;
        boost::system::error_code ec;
        std::size_t used = parser.put(buffer.data(), ec);
        buffer.consume(used);
        if (ec && ec != http::error::need_more && ec != http::error::need_buffer) return 0;
        // the parser wants more input than the buffer holds (or an empty buffer gave it nothing)
        if ((ec == http::error::need_more || used == 0) && !arrive(input, piece, buffer)) return 0;
    }
    return 0;
}
