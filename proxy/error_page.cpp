#include "proxy/error_page.hpp"

#include <algorithm>

#include "proxy/http_status.hpp"

namespace proxy {

const confparse::ErrorPage* find_error_page(const confparse::HttpScope& scope, int code) {
    for (const confparse::ErrorPage& page : *scope.error_page) {
        if (std::find(page.codes.begin(), page.codes.end(), code) != page.codes.end()) return &page;
    }
    return nullptr;
}

int error_page_code(const confparse::ErrorPage& page, int code) {
    if (page.overwrite >= 0) return page.overwrite;
    bool special = code == kHttpToHttps || code == kCertError || code == kNoCert || code == kHeaderTooLarge;
    return special ? 400 : -1;
}

}  // namespace proxy
