#pragma once
// Where a response goes instead of straight to the client: a filter (sub, SSI, gzip) that reads the header
// and body as a handler writes them, or the capture of a subrequest's answer.
#include <string_view>

#include "proxy/net.hpp"

namespace proxy {

class ResponseSink {
public:
    // Takes the next bytes of the serialised response; false once the client is gone.
    virtual net::awaitable<bool> write(net::const_buffer data) = 0;
    // Whether an answer with `header` (a whole header block, as serialised) would reach the client with its
    // body and length as the handler writes them, through this filter and those after it: what a range of
    // it needs (as nginx's filters that change a body take its length away before the range filter).
    virtual bool keeps_body(std::string_view header) const = 0;
    // A subrequest's answer goes into its parent's: it cannot take over the connection (an upgrade).
    bool subrequest = false;
    // Which filter this is, in nginx's order from the handler on: sub, SSI (an include's capture too), gzip,
    // trailers. A filter that comes before it may still be put in front of it.
    enum class Stage { Sub, Ssi, Gzip, Trailers };
    Stage stage = Stage::Ssi;

protected:
    ~ResponseSink() = default;
};

}  // namespace proxy
