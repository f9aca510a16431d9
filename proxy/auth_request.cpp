#include "proxy/auth_request.hpp"

#include "proxy/access_phase.hpp"
#include "proxy/response_parser.hpp"

namespace proxy {

int auth_request_answer(int status) {
    if (status == 401 || status == 403) return status;
    if (status >= 200 && status < 300) return kAccessAllowed;
    return 500;
}

net::awaitable<bool> AuthRequestCapture::write(net::const_buffer data) {
    if (header_done_) co_return true;
    header_.append(static_cast<const char*>(data.data()), data.size());
    std::size_t end = header_.find("\r\n\r\n");
    if (end == std::string::npos) co_return true;
    header_done_ = true;
    take_header(std::string_view(header_).substr(0, end + 4));
    header_.clear();
    header_.shrink_to_fit();
    co_return true;
}

void AuthRequestCapture::take_header(std::string_view header) {
    ResponseParser parser;
    if (!parser.parse_header_block(header)) return;
    status_ = parser.status();
    parser.for_each_field([&](const ResponseParser::Field& f) {
        if (f.id == http::field::www_authenticate) challenges_.push_back({std::string(f.name), std::string(f.value)});
    });
}

}  // namespace proxy
