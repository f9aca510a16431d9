// What nginx reads from a User-Agent (ngx_http_process_user_agent) and the pages its special response
// handler adds for those browsers: msie_padding's comment lines and msie_refresh's refreshing page.
#include <catch2/catch.hpp>

#include "proxy/browser.hpp"
#include "proxy/http_status.hpp"

using proxy::browser_of;

TEST_CASE("browsers as nginx tells them apart", "[browser]") {
    const char* chrome =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    CHECK(browser_of(chrome).chrome);
    CHECK_FALSE(browser_of(chrome).safari);
    CHECK_FALSE(browser_of(chrome).msie);
    // Firefox says Gecko/ first: not Chrome even if it also said Chrome/
    CHECK_FALSE(browser_of("Mozilla/5.0 (X11; rv:120.0) Gecko/20100101 Firefox/120.0 Chrome/1").chrome);
    CHECK(browser_of("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15) AppleWebKit/605 Safari/605.1").safari);
    CHECK(browser_of("Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)").msie6);
    CHECK_FALSE(browser_of("Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1)").msie6);
    CHECK(browser_of("Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1) Chrome/1").msie);
    CHECK_FALSE(browser_of("Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1) Chrome/1").chrome);
    CHECK_FALSE(browser_of("Opera/9.80 (MSIE 8.0; Windows) Chrome/1").msie);
    CHECK_FALSE(browser_of("Opera/9.80 (MSIE 8.0; Windows) Chrome/1").chrome);
    CHECK_FALSE(browser_of("MSIE ").msie);  // nginx wants more than the name after it
    CHECK(browser_of("MSIE foo").msie);
}

TEST_CASE("msie_padding's lines and msie_refresh's page", "[browser]") {
    std::string_view padding = proxy::msie_padding();
    CHECK(padding.size() == 6 * 67);
    CHECK(padding.substr(0, 67) == "<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n");

    CHECK(proxy::refresh_page("text") ==
          "<html><head><meta http-equiv=\"Refresh\" content=\"0; URL=text\"></head><body></body></html>\r\n");
    // NGX_ESCAPE_REFRESH: controls, space, quotes, < > \ ^ ` { | ~ and bytes above 0x7e; not % or }
    CHECK(proxy::refresh_page("/a b\"c'<>\\^`{|}~%\x7f\xc3\xa9?x=1&y") ==
          "<html><head><meta http-equiv=\"Refresh\" content=\"0; URL="
          "/a%20b%22c%27%3C%3E%5C%5E%60%7B%7C}%7E%%7F%C3%A9?x=1&y\"></head><body></body></html>\r\n");
}
