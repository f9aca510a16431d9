#pragma once
// Host names as a request gives them (Host header, absolute target, SNI), checked as nginx checks them.
#include <optional>
#include <string>
#include <string_view>

namespace proxy {

// nginx's ngx_http_validate_host: the host without its port, lower-cased, one trailing dot dropped;
// nothing when nginx answers 400 for it (empty, "..", '/', controls or spaces). A '[' opens an IP literal
// only at the start, and its ']' ends the host.
std::optional<std::string> validate_host(std::string_view host);

}  // namespace proxy
