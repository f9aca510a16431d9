#include "proxy/request_store.hpp"

namespace proxy {

std::unique_ptr<Request> RequestStore::take() {
    std::unique_ptr<Request> request;
    if (kept_.empty()) {
        request = std::make_unique<Request>();
    } else {
        request = std::move(kept_.back());
        kept_.pop_back();
    }
    request->parser.emplace();
    request->r.emplace();
    reuse_buffers(*request->r, request->buffers);
    return request;
}

void RequestStore::give(std::unique_ptr<Request> request) {
    // what the finished request still holds (limit_conn counts, its body, ...) is released here, as
    // when it was freed
    request->parser.reset();
    save_buffers(*request->r, request->buffers);
    request->r.reset();
    if (kept_.size() < kKept) kept_.push_back(std::move(request));
}

}  // namespace proxy
