#include "proxy/browser.hpp"

namespace proxy {

Browser browser_of(std::string_view agent) {
    Browser b;
    bool msie = false;
    std::size_t at = agent.find("MSIE ");
    if (at != std::string_view::npos && at + 7 < agent.size()) {
        msie = true;
        if (agent[at + 6] == '.') {
            char major = agent[at + 5];
            b.msie6 = major == '4' || major == '5' ||
                      (major == '6' && agent.substr(at + 8).find("SV1") == std::string_view::npos);
        }
    }
    bool opera = agent.find("Opera") != std::string_view::npos;
    b.msie = msie && !opera;
    if (opera) b.msie6 = false;
    if (!msie && !opera && agent.find("Gecko/") == std::string_view::npos) {
        b.chrome = agent.find("Chrome/") != std::string_view::npos;
        b.safari = !b.chrome && agent.find("Safari/") != std::string_view::npos &&
                   agent.find("Mac OS X") != std::string_view::npos;
    }
    return b;
}

}  // namespace proxy
