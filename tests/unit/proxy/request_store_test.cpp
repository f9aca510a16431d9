// A worker's store of finished requests: what a reused request holds is what a new one holds, but for the
// capacity of its buffers; what the finished request held is given back when it is stored.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "proxy/limit_conn.hpp"
#include "proxy/request_store.hpp"

using proxy::LimitConnZone;
using proxy::Request;
using proxy::RequestStore;
using proxy::StoredRequest;

namespace {

// Fills every kind of member a request sets, with strings too long for the small-string buffer.
void fill(proxy::RequestContext& r, LimitConnZone& zone) {
    r.method = "PROPFIND-WITH-A-LONG-NAME";
    r.request_line = "PROPFIND-WITH-A-LONG-NAME /some/long/path?with=arguments HTTP/1.1";
    r.request_uri = "/some/long/path?with=arguments";
    r.uri = "/some/long/path";
    r.args = "with=arguments-and-more";
    r.has_args = true;
    r.http_version = 10;
    r.headers.push_back({"X-Long-Header-Name", "a value that is long enough"});
    r.host = "a-long-host-name.example.com";
    r.rewritten = true;
    r.variables["name"] = "value";
    r.captures.push_back("capture");
    r.status = 502;
    r.sent_head = "HTTP/1.1 502 Bad Gateway\r\nServer: nproxy\r\n\r\n";
    r.proxy_host = "backends-with-a-long-name";
    r.upstream.push_back(proxy::UpstreamAttempt{"127.0.0.1:8443"});
    r.upstream_fields = "Server: nginx\r\nContent-Length: 5\r\n";
    r.body_bytes_sent = 5;
    REQUIRE(zone.acquire("key", 1) == LimitConnZone::Result::Ok);
    r.limit_conn.add(zone, "key");
}

}  // namespace

TEST_CASE("a stored request comes back as a new one, holding nothing of the last, its buffers kept") {
    LimitConnZone zone("one", 32768);
    RequestStore store;
    const void* line_buffer = nullptr;
    const Request* first = nullptr;
    {
        StoredRequest request(store);
        first = request.operator->();
        REQUIRE(request->parser);
        fill(*request->r, zone);
        line_buffer = request->r->request_line.data();
        CHECK(zone.acquire("key", 1) == LimitConnZone::Result::Busy);  // held by the request
    }
    CHECK(zone.acquire("key", 1) == LimitConnZone::Result::Ok);  // given back when it was stored
    zone.release("key");

    StoredRequest again(store);
    CHECK(again.operator->() == first);  // reused, not allocated again
    const proxy::RequestContext& r = *again->r;
    CHECK(r.method.empty());
    CHECK(r.request_line.empty());
    CHECK(r.request_uri.empty());
    CHECK(r.uri.empty());
    CHECK(r.args.empty());
    CHECK_FALSE(r.has_args);
    CHECK(r.http_version == 11);
    CHECK(r.headers.empty());
    CHECK(r.host.empty());
    CHECK_FALSE(r.rewritten);
    CHECK(r.variables.empty());
    CHECK(r.captures.empty());
    CHECK(r.status == 0);
    CHECK(r.sent_head.empty());
    CHECK(r.proxy_host.empty());
    CHECK(r.upstream.empty());
    CHECK(r.upstream_fields.empty());
    CHECK(r.body_bytes_sent == 0);
    // the buffers came along
    CHECK(r.request_line.data() == line_buffer);
    CHECK(r.headers.capacity() >= 1);
    CHECK(r.upstream.capacity() >= 1);
    // and the parser is new: it reads a message from its start
    REQUIRE(again->parser);
    CHECK_FALSE(again->parser->got_some());
}

TEST_CASE("a stored request does not keep a buffer grown past the bound") {
    RequestStore store;
    {
        StoredRequest request(store);
        request->r->sent_head.assign(64 * 1024, 'x');
        request->r->request_line = "GET /short-enough-to-keep-but-not-in-place HTTP/1.1";
    }
    StoredRequest again(store);
    CHECK(again->r->sent_head.capacity() < 64 * 1024);
    CHECK(again->r->request_line.capacity() >= 48);
}

TEST_CASE("the store keeps at most kKept requests") {
    RequestStore store;
    std::vector<std::unique_ptr<Request>> taken;
    for (std::size_t i = 0; i < RequestStore::kKept + 5; ++i) taken.push_back(store.take());
    std::vector<const Request*> given;
    for (auto& request : taken) {
        given.push_back(request.get());
        store.give(std::move(request));
    }
    // the first kKept given are the ones kept (taken back last-in first-out); the 5 after them were freed
    for (std::size_t i = 0; i < RequestStore::kKept; ++i) {
        auto request = store.take();
        CHECK(request.get() == given[RequestStore::kKept - 1 - i]);
        taken[i] = std::move(request);
    }
}
