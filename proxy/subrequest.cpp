#include "proxy/subrequest.hpp"

#include <string_view>

#include "proxy/subrequest_context.hpp"

namespace proxy {

std::unique_ptr<Subrequest> make_subrequest(const RequestContext& parent, const std::string& path,
                                            const std::string& args, bool has_args) {
    auto sub = std::make_unique<Subrequest>();
    RequestContext& r = sub->r;
    init_subrequest(r, parent, path, args, has_args);  // as nginx: a GET, with its parent's line and headers
    r.main_charset = parent.main_charset;
    r.subrequest = true;
    r.rewritten = true;  // as nginx: proxied as its own URI, not its parent's request line
    static constexpr std::string_view kNoBody = "GET / HTTP/1.0\r\n\r\n";
    error_code ec;
    sub->parser.put(net::buffer(kNoBody.data(), kNoBody.size()), ec);
    return sub;
}

}  // namespace proxy
