#include "proxy/proxy_url.hpp"

#include <arpa/inet.h>
#include <strings.h>

#include "confparse/address.hpp"

namespace proxy {

std::string ProxyUrl::proxy_host() const {
    return no_port || port == (https ? 443 : 80) ? host_text : host_text + ":" + std::to_string(port);
}

std::optional<ProxyUrl> parse_proxy_url(std::string_view url, std::string& error) {
    ProxyUrl p;
    std::string_view rest;
    if (url.size() > 7 && strncasecmp(url.data(), "http://", 7) == 0) {
        rest = url.substr(7);
    } else if (url.size() > 8 && strncasecmp(url.data(), "https://", 8) == 0) {
        rest = url.substr(8);
        p.https = true;
    } else {
        error = "invalid URL prefix in \"" + std::string(url) + "\"";
        return std::nullopt;
    }
    std::string err;
    if (confparse::names_unix_socket(rest)) {
        auto u = confparse::parse_unix_socket_url(rest, true, err);
        if (!u) {
            error = err + " in upstream \"" + std::string(rest) + "\"";
            return std::nullopt;
        }
        p.unix_socket = true;
        p.host = u->path;
        p.host_text = "localhost";
        p.port = 0;
        p.uri = u->uri;
        return p;
    }
    // as ngx_parse_inet_url: the host ends at the URI's '/' or at the arguments' '?'
    std::size_t end = std::min(rest.find('/'), rest.find('?'));
    if (end != std::string_view::npos) {
        p.uri = rest.substr(end);
        if (p.uri[0] == '?') p.uri.insert(0, 1, '/');
    }
    auto hp = confparse::parse_host_port(std::string(rest.substr(0, end)), false, err);
    if (!hp) {
        error = err + " in upstream \"" + std::string(rest) + "\"";
        return std::nullopt;
    }
    p.host = hp->host;
    p.host_text = hp->ipv6 ? "[" + hp->host + "]" : hp->host;
    p.no_port = !hp->has_port;
    p.port = hp->has_port ? hp->port : (p.https ? 443 : 80);
    in_addr a4;
    p.address = hp->ipv6 || inet_pton(AF_INET, p.host.c_str(), &a4) == 1;
    return p;
}

std::optional<std::size_t> find_upstream(const std::vector<confparse::Upstream>& upstreams, const ProxyUrl& url) {
    for (std::size_t i = 0; i < upstreams.size(); ++i) {
        const confparse::Upstream& u = upstreams[i];
        int port = u.implicit ? u.port : 0;
        if (u.name.size() == url.host.size() && strcasecmp(u.name.c_str(), url.host.c_str()) == 0 &&
            ((port == 0 && url.no_port) || port == url.port)) {
            return i;
        }
    }
    return std::nullopt;
}

confparse::Upstream resolved_upstream(const ProxyUrl& url, const std::vector<std::string>& addresses) {
    confparse::Upstream group;
    group.name = url.host_text;
    group.implicit = true;
    group.port = url.port;
    group.no_port = url.no_port;
    if (url.unix_socket) {
        group.name = url.host;
        group.unix_socket = true;
        confparse::UpstreamServer& server = group.servers.emplace_back();
        server.address = confparse::unix_peer_name(url.host);
        server.resolved.push_back(server.address);
        server.host = url.host;
        server.port = 0;
        return group;
    }
    for (const std::string& address : addresses) {
        confparse::UpstreamServer& server = group.servers.emplace_back();
        bool v6 = address.find(':') != std::string::npos;
        server.resolved.push_back((v6 ? "[" + address + "]" : address) + ":" + std::to_string(url.port));
        server.address = server.resolved.back();
        server.host = address;
        server.port = url.port;
    }
    return group;
}

}  // namespace proxy
