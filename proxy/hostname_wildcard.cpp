#include "proxy/hostname_wildcard.hpp"

#include <strings.h>

namespace proxy {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

HostnameWildcard::HostnameWildcard(const std::string& key)
    : head(key[0] == '.' || key[0] == '*'), with_name(key[0] == '.') {
    name = head ? key.substr(with_name ? 1 : 2) : key.substr(0, key.size() - 2);
}

bool HostnameWildcard::matches(std::string_view subject) const {
    if (head) {
        bool under = subject.size() > name.size() && subject[subject.size() - name.size() - 1] == '.' &&
                     iequals(subject.substr(subject.size() - name.size()), name);
        return under || (with_name && iequals(subject, name));
    }
    return subject.size() > name.size() + 1 && subject[name.size()] == '.' &&
           iequals(subject.substr(0, name.size()), name);
}

}  // namespace proxy
