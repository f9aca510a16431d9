// proxy_store and proxy_store_access, as nginx's proxy module reads them.
#include "confparse/setters.hpp"

namespace confparse {
namespace {

// proxy_store off | on | PATH (with variables); not with proxy_cache at the same level.
void set_store(BuildState& b, const Directive& d) {
    HttpScope& s = b.scope();
    if (s.proxy_store.is_set()) fail_directive(d, "is duplicate");
    const std::string& v = d.args[0];
    if (v != "off" && s.proxy_cache.is_set() && !s.proxy_cache->empty()) {
        fail_directive(d, "is incompatible with \"proxy_cache\"");
    }
    s.proxy_store = {v == "off" ? "" : v, d.where};
    if (v != "off" && v != "on") b.note_variables(v, d);
}

// nginx's access slot: "user:rw group:r all:r", each r or rw; the user may always read and write unless
// user: says otherwise.
unsigned read_access(const Directive& d) {
    unsigned access = 0, user = 0600;
    for (const std::string& v : d.args) {
        unsigned shift;
        std::string_view right;
        if (v.rfind("user:", 0) == 0) {
            shift = 6, right = std::string_view(v).substr(5), user = 0;
        } else if (v.rfind("group:", 0) == 0) {
            shift = 3, right = std::string_view(v).substr(6);
        } else if (v.rfind("all:", 0) == 0) {
            shift = 0, right = std::string_view(v).substr(4);
        } else {
            fail(d, "invalid value \"" + v + "\"");
        }
        if (right != "rw" && right != "r") fail(d, "invalid value \"" + v + "\"");
        access |= (right == "rw" ? 6u : 4u) << shift;
    }
    return access | user;
}

}  // namespace

void add_proxy_store_rows(std::vector<Row>& rows) {
    Row store{"proxy_store", kHttpLevels, kTake1, set_store};
    store.merge = [](HttpScope& child, const HttpScope& parent) {
        child.proxy_store.merge(parent.proxy_store, std::string());
    };
    rows.push_back(store);
    rows.push_back(scoped("proxy_store_access", kHttpLevels, kTake123, &HttpScope::proxy_store_access, read_access,
                          0600u));
}

}  // namespace confparse
