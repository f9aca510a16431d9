#pragma once
#include <string>
#include <string_view>

#include "confparse/address.hpp"
#include "proxy/request_context.hpp"

namespace proxy {

// nginx's suffix on request errors: ", client: A, server: S, request: "R", upstream: "U", host: "H"".
std::string error_context(const RequestContext& r, const std::string& upstream = {});

// A proxied try's URL for error lines ("https://peer/uri"), held as its parts and put together only when
// a line is written.
struct PeerUrl {
    std::string_view scheme, peer, uri;
    // as nginx: a unix socket's path and the URI are told apart by a ':' ("http://unix:/run/app.sock:/x")
    std::string text() const {
        return std::string(scheme).append(peer).append(confparse::unix_peer_path(peer).empty() ? "" : ":").append(uri);
    }
};

// The same while nginx reads the request line, before it knows the header: without the host.
std::string request_line_context(const RequestContext& r);

}  // namespace proxy
