#pragma once
// nproxy_status: the status page, as JSON (?format=json), Prometheus text (?format=prometheus) or, by
// default, an HTML page that renders the JSON and fetches it again every few seconds.
#include "proxy/exchange.hpp"
#include "proxy/status_render.hpp"
#include "proxy/variables.hpp"

namespace proxy {

template <class Stream>
net::awaitable<void> handle_status(Exchange<Stream>& x) {
    if (x.r.method != "GET" && x.r.method != "HEAD") co_return co_await send_error(x, 405);
    const std::string format = variable_value("arg_format", x.r).value_or("html");
    if (format != "html" && format != "json" && format != "prometheus") co_return co_await send_error(x, 404);
    const StatusView view = gather_status(x.runtime, *x.counters);
    ResponseHead head;
    head.status = 200;
    head.headers.push_back({"Cache-Control", "no-store"});
    std::string body;
    if (format == "json") {
        head.content_type = "application/json";
        body = status_json(view);
    } else if (format == "prometheus") {
        head.content_type = "text/plain; version=0.0.4; charset=utf-8";
        body = status_prometheus(view);
    } else {
        head.content_type = "text/html; charset=utf-8";
        body = status_page(view);
    }
    co_await send_response(x, std::move(head), std::move(body));
}

}  // namespace proxy
