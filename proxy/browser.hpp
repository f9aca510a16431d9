#pragma once
// What nginx reads from a User-Agent (ngx_http_process_user_agent): the browsers that keepalive_disable
// and gzip_disable name.
#include <string_view>

namespace proxy {

struct Browser {
    bool msie = false;    // MSIE, not Opera ($msie)
    bool msie6 = false;   // MSIE 4 to 6 (6 without SV1), not Opera
    bool safari = false;  // Safari on macOS
    bool chrome = false;  // Chrome (and browsers saying Chrome/), unless it also says MSIE, Opera or Gecko/
};

Browser browser_of(std::string_view user_agent);

}  // namespace proxy
