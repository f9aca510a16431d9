#pragma once
// Where one request's proxy_pass goes: the upstream group, its settings, its saved TLS sessions and the
// URI sent. A proxy_pass without variables names its group at load; one with variables names it per
// request (proxy_url.hpp), and a host that is no group gets a group of the request's own.
#include <memory>
#include <string>

#include "confparse/config.hpp"
#include "upstream/group.hpp"

namespace tls {
class SessionStore;
}  // namespace tls

namespace proxy {

struct ProxyTarget {
    bool https = false;
    upstream::Group* group = nullptr;
    const confparse::Upstream* config = nullptr;
    tls::SessionStore* sessions = nullptr;  // null: sessions are not kept (as nginx for a resolved name)
    std::string uri;                        // the URI sent upstream
    // the request's own group: an address or a resolved name that no upstream group has
    std::unique_ptr<confparse::Upstream> own_config;
    std::unique_ptr<upstream::Group> own_group;
};

}  // namespace proxy
