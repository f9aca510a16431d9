#pragma once
// A worker's finished requests, kept so that the next request on any of its connections reuses the
// buffers they grew (the context's strings and vectors) instead of allocating them again. Idle keep-alive
// connections hold no request; the worker holds at most kKept. Touched only on the worker's own thread.
#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "proxy/net.hpp"
#include "proxy/request_context.hpp"

namespace proxy {

using RequestParser = http::request_parser<http::buffer_body>;

// One request's parser and context, both made anew for each request (a Beast parser reads one message),
// and between requests the context's buffers.
struct Request {
    std::optional<RequestParser> parser;
    std::optional<RequestContext> r;
    RequestBuffers buffers;
};

class RequestStore {
public:
    static constexpr std::size_t kKept = 64;

    // A request with a new parser and a new context that has the buffers of a finished one.
    std::unique_ptr<Request> take();
    // Keeps a finished request for reuse, or frees it when kKept are kept already.
    void give(std::unique_ptr<Request> request);

private:
    std::vector<std::unique_ptr<Request>> kept_;
};

// The request a connection serves: taken from its worker's store, given back when it ends.
class StoredRequest {
public:
    explicit StoredRequest(RequestStore& store) : store_(store), request_(store.take()) {}
    ~StoredRequest() { store_.give(std::move(request_)); }
    StoredRequest(const StoredRequest&) = delete;
    StoredRequest& operator=(const StoredRequest&) = delete;

    Request* operator->() const { return request_.get(); }

private:
    RequestStore& store_;
    std::unique_ptr<Request> request_;
};

}  // namespace proxy
