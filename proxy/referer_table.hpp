#pragma once
// One level's compiled valid_referers (nginx's referer module): whether a request's Referer makes
// $invalid_referer "1".
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "confparse/referer_config.hpp"
#include "proxy/hostname_wildcard.hpp"
#include "proxy/regex.hpp"

namespace proxy {

class RefererTable {
public:
    // Throws confparse::ConfigError for a regex nginx would refuse.
    explicit RefererTable(const confparse::ValidReferers& rules);

    // As ngx_http_referer_variable: `referer` is the request's first Referer header, nullptr when none.
    bool invalid(const std::string* referer) const;

private:
    struct Wildcard {
        HostnameWildcard wildcard;
        std::string uri;
    };
    // The URI prefix the host's entry asks for; nullptr when no name or wildcard takes `host`.
    const std::string* uri_for(const std::string& host) const;

    bool none_ = false;
    bool blocked_ = false;
    std::unordered_map<std::string, std::string> exact_;  // lower-cased name -> URI prefix
    std::vector<Wildcard> wildcards_;
    std::vector<Regex> regexes_;
    std::vector<Regex> server_name_regexes_;
};

}  // namespace proxy
