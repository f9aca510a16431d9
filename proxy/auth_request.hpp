#pragma once
// nginx's auth_request module: the access phase asks a subrequest to the level's URI, whose answer's
// status decides, and auth_request_set takes variables from the subrequest's context into the request's.
#include <string>
#include <string_view>
#include <vector>

#include "proxy/request_context.hpp"
#include "proxy/response_sink.hpp"

namespace proxy {

// The module's answer to the access phase (proxy/access_phase.hpp) for the status its subrequest was
// answered with: 2xx lets the request on, 401 and 403 refuse it so, anything else is an error (500).
int auth_request_answer(int status);

// Where the auth subrequest's answer goes: its status and WWW-Authenticate headers are kept, its body is
// dropped (as nginx's header_only subrequest: never sent).
class AuthRequestCapture final : public ResponseSink {
public:
    AuthRequestCapture() { subrequest = true; }

    net::awaitable<bool> write(net::const_buffer data) override;
    bool keeps_body(std::string_view) const override { return true; }

    // 0 when no header was written (the subrequest failed before answering).
    int status() const { return status_; }
    // Every WWW-Authenticate of the answer, for a 401 (as nginx 1.23 copies them all).
    const std::vector<Header>& challenges() const { return challenges_; }

private:
    void take_header(std::string_view header);

    std::string header_;
    bool header_done_ = false;
    int status_ = 0;
    std::vector<Header> challenges_;
};

}  // namespace proxy
