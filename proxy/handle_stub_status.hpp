#pragma once
// nginx's stub_status: the connection counters as plain text, in nginx's exact layout, for the tools
// that already scrape it.
#include "proxy/connection_counters.hpp"
#include "proxy/exchange.hpp"

namespace proxy {

template <class Stream>
net::awaitable<void> handle_stub_status(Exchange<Stream>& x) {
    if (x.r.method != "GET" && x.r.method != "HEAD") co_return co_await send_error(x, 405);
    const ConnectionCounters& c = *x.counters;
    std::string text = "Active connections: " + std::to_string(c.active.load()) + " \n" +
                       "server accepts handled requests\n " + std::to_string(c.accepted.load()) + " " +
                       std::to_string(c.handled.load()) + " " + std::to_string(c.requests.load()) + " \n" +
                       "Reading: " + std::to_string(c.reading.load()) + " Writing: " + std::to_string(c.writing.load()) +
                       " Waiting: " + std::to_string(c.waiting.load()) + " \n";
    ResponseHead head;
    head.status = 200;
    head.content_type = "text/plain";
    co_await send_response(x, std::move(head), std::move(text));
}

}  // namespace proxy
