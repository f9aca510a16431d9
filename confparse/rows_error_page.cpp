// nginx's error_page and recursive_error_pages (http core): where an error answer goes instead.
#include "confparse/setters.hpp"

namespace confparse {
namespace {

// As ngx_http_core_error_page: codes, an optional "=code" or "=", then the URI; a constant URI's
// arguments are split off at its '?' once, here.
ErrorPage read_error_page(BuildState& b, const Directive& d) {
    ErrorPage page;
    size_t uri_at = d.args.size() - 1;
    size_t codes_end = uri_at;
    const std::string& before = d.args[uri_at - 1];
    if (!before.empty() && before[0] == '=') {
        if (uri_at - 1 == 0) fail(d, "invalid value \"" + before + "\"");
        if (before.size() > 1) {
            auto code = parse_number(std::string_view(before).substr(1));
            if (!code) fail(d, "invalid value \"" + before + "\"");
            page.overwrite = static_cast<int>(*code);
        } else {
            page.overwrite = 0;
        }
        codes_end = uri_at - 1;
    }
    page.uri = d.args[uri_at];
    b.note_variables(page.uri, d);
    page.has_variables = page.uri.find('$') != std::string::npos;
    if (!page.has_variables && !page.uri.empty() && page.uri[0] == '/') {
        size_t question = page.uri.find('?');
        if (question != std::string::npos) {
            page.args = page.uri.substr(question + 1);
            page.uri.resize(question);
        }
    }
    for (size_t i = 0; i < codes_end; ++i) {
        auto code = parse_number(d.args[i]);
        if (!code || *code == 499) fail(d, "invalid value \"" + d.args[i] + "\"");
        if (*code < 300 || *code > 599) fail(d, "value \"" + d.args[i] + "\" must be between 300 and 599");
        page.codes.push_back(static_cast<int>(*code));
    }
    return page;
}

}  // namespace

void add_error_page_rows(std::vector<Row>& rows) {
    rows.push_back(appended("error_page", kHttpLevels | kLocationIf, k2More, &HttpScope::error_page, read_error_page));
    rows.push_back(flag("recursive_error_pages", kHttpLevels, &HttpScope::recursive_error_pages, false));
}

}  // namespace confparse
